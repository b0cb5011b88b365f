using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrintFarm.Coordinator.Auth;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm;
using PrintFarm.Farm.Designs;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Octoprint;

/// <summary>
/// The farm's files as OctoPrint's <c>local</c> storage: one folder per design, one file per variant
/// (<c>ear-saver/mk3s-pla.gcode</c>), so the <c>refs.resource</c> of an upload is the variant it became.
/// <c>GET /api/files</c> lists every folder with its files; <c>GET /api/files/local/{path}</c> is one of them;
/// <c>POST</c> there takes OctoPrint's <c>select</c> command (with <c>print: true</c> it queues a job as an upload with
/// <c>print=true</c> does); <c>DELETE</c> removes a variant that no job ever used (409 otherwise).
/// </summary>
internal static class OctoprintFiles
{
    /// <summary>The variant's path in the <c>local</c> storage.</summary>
    public static string PathOf(Variant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return $"{variant.DesignId}/{variant.Id[(variant.DesignId.Length + 1)..]}.gcode";
    }

    /// <summary>An absolute link from the configured public address (never the request's Host header).</summary>
    public static string Link(ServeOptions options, string relative)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{options.PublicBase.ToString().TrimEnd('/')}/{relative}";
    }

    /// <summary>The <c>refs.resource</c> of a path in the local storage.</summary>
    public static string Resource(ServeOptions options, string path) =>
        Link(options, "api/files/local/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString)));

    /// <summary>The variant id a path names: <c>ear-saver/mk3s-pla.gcode</c> is <c>ear-saver/mk3s-pla</c>.</summary>
    public static string? VariantIdOf(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !path.EndsWith(".gcode", StringComparison.OrdinalIgnoreCase))
            return null;
        var id = path[..^".gcode".Length];
        return id.IndexOf('/', slash + 1) < 0 ? id : null;
    }

    public static async Task<IResult> ListAsync(IFarmReader reader, GcodeFileStore store, ServeOptions options, CancellationToken ct)
    {
        var folders = new List<object>();
        for (long offset = 0; ; offset += Paging.MaxLimit)
        {
            var page = await reader.ListDesignsAsync(new DesignQuery { Limit = Paging.MaxLimit, Offset = offset }, ct).ConfigureAwait(false);
            foreach (var design in page.Items)
                folders.Add(await FolderAsync(design, reader, store, options, ct).ConfigureAwait(false));
            if (offset + page.Items.Count >= page.Total || page.Items.Count == 0)
                break;
        }
        return Results.Ok(new { files = folders, free = (long?)null, total = (long?)null });
    }

    public static async Task<IResult> GetAsync(string path, IFarmReader reader, GcodeFileStore store, ServeOptions options, CancellationToken ct)
    {
        path = path.Trim('/');
        if (VariantIdOf(path) is { } id && await reader.GetVariantAsync(id, ct).ConfigureAwait(false) is { } variant)
            return Results.Ok(Entry(variant, store, options));
        if (!path.Contains('/', StringComparison.Ordinal) && await reader.GetDesignAsync(path, ct).ConfigureAwait(false) is { } design)
            return Results.Ok(await FolderAsync(design, reader, store, options, ct).ConfigureAwait(false));
        throw new FarmNotFoundException($"no file {path} in the farm's local storage");
    }

    /// <summary>OctoPrint's file command: only <c>select</c> (with <c>print</c>) means something to a farm.</summary>
    public static async Task<IResult> CommandAsync(string path, HttpContext http, IFarmReader reader, OctoprintUploads uploads, CancellationToken ct)
    {
        var variant = (VariantIdOf(path.Trim('/')) is { } id ? await reader.GetVariantAsync(id, ct).ConfigureAwait(false) : null)
            ?? throw new FarmNotFoundException($"no file {path} in the farm's local storage");
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new FarmValidationException($"the file command is not JSON: {ex.Message}", ex);
        }
        var command = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("command", out var c) ? c.GetString() : null;
        if (command != "select")
            throw new FarmValidationException($"file command \"{command}\" is not supported; the farm takes \"select\" (with \"print\": true to queue it)");
        if (body.TryGetProperty("print", out var print) && print.ValueKind == JsonValueKind.True)
            await uploads.QueueAsync(variant, Caller.From(http), OctoprintUploads.PrinterField(http), ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteAsync(string path, HttpContext http, DesignCatalog catalog, CancellationToken ct)
    {
        var id = VariantIdOf(path.Trim('/')) ?? throw new FarmNotFoundException($"no file {path} in the farm's local storage");
        await catalog.RemoveVariantAsync(id, Caller.From(http).Actor, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<object> FolderAsync(Design design, IFarmReader reader, GcodeFileStore store, ServeOptions options, CancellationToken ct)
    {
        var variants = await reader.ListVariantsAsync(design.Id, ct).ConfigureAwait(false);
        var resource = Resource(options, design.Id);
        return new
        {
            name = design.Id,
            display = design.Name,
            path = design.Id,
            type = "folder",
            typePath = new[] { "folder" },
            origin = "local",
            refs = new { resource },
            approval = design.Approval,
            children = variants.Select(v => Entry(v, store, options)).ToList(),
        };
    }

    private static object Entry(Variant variant, GcodeFileStore store, ServeOptions options)
    {
        var path = PathOf(variant);
        var resource = Resource(options, path);
        var file = store.Find(variant.Sha256);
        return new
        {
            name = Path.GetFileName(path),
            display = Path.GetFileName(path),
            path,
            type = "machinecode",
            typePath = new[] { "machinecode", "gcode" },
            origin = "local",
            hash = variant.Sha256,
            size = file is null ? (long?)null : new FileInfo(file).Length,
            date = variant.CreatedAt.ToUnixTimeSeconds(),
            refs = new { resource, download = resource },
            gcodeAnalysis = new { estimatedPrintTime = variant.EstimatedTime.TotalSeconds },
            variantId = variant.Id,
            designId = variant.DesignId,
            approved = variant.IsApproved,
            profile = variant.Profile,
            material = variant.Material,
            nozzleMm = variant.NozzleMm,
        };
    }
}
