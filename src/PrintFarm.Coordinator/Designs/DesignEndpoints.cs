using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using PrintFarm.Coordinator.Api;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Uploads;
using PrintFarm.Farm;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Designs;

/// <summary><c>/api/designs</c>: the open-source designs, their approval, and their sliced variants.</summary>
internal static class DesignEndpoints
{
    public static void Map(IEndpointRouteBuilder app, long maxUploadBytes)
    {
        var group = app.MapGroup("/api/designs").WithTags("Designs");
        group.MapGet("/", ListAsync).WithSummary("Designs");
        group.MapGet("/{id}", GetAsync).WithSummary("One design with its variants");
        group.MapPost("/", AddAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Add a design (staff)");
        group.MapPatch("/{id}", PatchAsync).RequireAuthorization(AuthSetup.Staff).WithSummary("Change a design's approval (staff)");
        group.MapPatch("/{id}/variants/{name}", ApproveVariantAsync).RequireAuthorization(AuthSetup.Staff)
            .WithSummary("Approve one variant's file (by its sha256) to print for demands (staff)");
        group.MapPost("/{id}/variants", AddVariantAsync).RequireAuthorization(AuthSetup.Staff).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes + UploadReceiver.MultipartAllowanceBytes))
            .WithSummary("Upload a sliced variant (multipart: file, name, profile, material, nozzleMm, minBedXMm, minBedYMm, partsPerPlate)");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFarmReader reader, CancellationToken ct)
    {
        var paging = PageRequest.From(http.Request);
        var page = await reader.ListDesignsAsync(new DesignQuery { Approval = Query.Enum<ApprovalStatus>(http.Request, "approval"), Category = Query.Text(http.Request, "category"), Limit = paging.Limit, Offset = paging.Offset }, ct).ConfigureAwait(false);
        return Results.Ok(new ListResult<DesignView>(page.Items.Select(d => DesignView.From(d, null)).ToList(), page.Total));
    }

    private static async Task<IResult> GetAsync(string id, IFarmReader reader, CancellationToken ct)
    {
        var design = await reader.GetDesignAsync(id, ct).ConfigureAwait(false) ?? throw new FarmNotFoundException($"unknown design {id}");
        var variants = await reader.ListVariantsAsync(id, ct).ConfigureAwait(false);
        return Results.Ok(DesignView.From(design, variants));
    }

    private static async Task<IResult> AddAsync(NewDesignRequest body, HttpContext http, DesignCatalog catalog, CancellationToken ct)
    {
        var design = await catalog.AddDesignAsync(new Design
        {
            Id = body.Id,
            Name = body.Name,
            Licence = body.Licence,
            SourceUrl = body.SourceUrl ?? "",
            Category = body.Category ?? "",
            Approval = body.Approval ?? ApprovalStatus.Pending,
        }, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Created($"/api/designs/{Uri.EscapeDataString(design.Id)}", DesignView.From(design, []));
    }

    private static async Task<IResult> PatchAsync(string id, DesignPatch body, HttpContext http, DesignCatalog catalog, CancellationToken ct)
    {
        if (body.Approval is not { } approval)
            throw new FarmValidationException("nothing to change: give approval (pending, approved or withdrawn)");
        var design = await catalog.SetApprovalAsync(id, approval, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(DesignView.From(design, null));
    }

    private static async Task<IResult> ApproveVariantAsync(string id, string name, VariantPatch body, HttpContext http, DesignCatalog catalog, CancellationToken ct)
    {
        if (body.Approved is not true)
            throw new FarmValidationException("nothing to change: give approved: true");
        var variant = await catalog.ApproveVariantAsync($"{id}/{name}", Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Ok(VariantView.From(variant));
    }

    private static async Task<IResult> AddVariantAsync(string id, HttpContext http, DesignCatalog catalog, UploadReceiver uploads, IFarmReader reader, CancellationToken ct)
    {
        if (await reader.GetDesignAsync(id, ct).ConfigureAwait(false) is null)
            throw new FarmNotFoundException($"unknown design {id}");
        using var upload = await uploads.ReceiveAsync(http.Request, ct).ConfigureAwait(false);
        GcodeCheck.Analyze(upload.TempPath, upload.FileName, uploads.MaxDecompressedBytes, ct);
        var spec = new VariantSpec
        {
            Name = Required(upload, "name"),
            Profile = Required(upload, "profile"),
            Material = Required(upload, "material"),
            NozzleMm = Number(upload, "nozzleMm") ?? 0.4,
            MinBedXMm = Number(upload, "minBedXMm") ?? throw new FarmValidationException("form field minBedXMm is required"),
            MinBedYMm = Number(upload, "minBedYMm") ?? throw new FarmValidationException("form field minBedYMm is required"),
            PartsPerPlate = (int)(Number(upload, "partsPerPlate") ?? 1),
        };
        var variant = await catalog.AddVariantAsync(id, spec, upload.TempPath, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.Created($"/api/designs/{Uri.EscapeDataString(id)}", VariantView.From(variant));
    }

    private static string Required(Upload upload, string name) =>
        upload.Field(name) is { Length: > 0 } value ? value : throw new FarmValidationException($"form field {name} is required");

    private static double? Number(Upload upload, string name)
    {
        var text = upload.Field(name);
        if (string.IsNullOrEmpty(text))
            return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : throw new FarmValidationException($"form field {name} must be a number (got \"{text}\")");
    }
}
