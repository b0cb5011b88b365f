using System.Data.Common;
using PrintFarm.Farm.Designs;

namespace PrintFarm.Farm.Storage;

internal sealed partial class SqlFarmTransaction
{
    internal const string DesignColumns = "id, name, licence, source_url, category, approval, created_at, owner";
    internal const string VariantColumns =
        "id, design_id, sha256, profile, material, nozzle_mm, min_bed_x_mm, min_bed_y_mm, parts_per_plate, estimated_ms, created_at, added_by, approved_by, approved_at";

    public async Task<Design?> GetDesignAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {DesignColumns} FROM designs WHERE id = @id", ReadDesign, cancellationToken, ("@id", id))).FirstOrDefault();

    public async Task<IReadOnlyList<Design>> ListDesignsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {DesignColumns} FROM designs ORDER BY id", ReadDesign, cancellationToken);

    public Task InsertDesignAsync(Design design, CancellationToken cancellationToken = default)
    {
        _changed.Design(design);
        return ExecuteAsync($"INSERT INTO designs ({DesignColumns}) VALUES (@id, @name, @licence, @source, @category, @approval, @created, @owner)", cancellationToken,
            ("@id", design.Id), ("@name", design.Name), ("@licence", design.Licence), ("@source", design.SourceUrl),
            ("@category", design.Category), ("@approval", StoredNames.Of(design.Approval)), ("@created", Ms(design.CreatedAt)), ("@owner", design.Owner));
    }

    public Task UpdateDesignAsync(Design design, CancellationToken cancellationToken = default)
    {
        _changed.Design(design);
        return ExecuteAsync("UPDATE designs SET name = @name, licence = @licence, source_url = @source, category = @category, approval = @approval WHERE id = @id",
            cancellationToken, ("@id", design.Id), ("@name", design.Name), ("@licence", design.Licence), ("@source", design.SourceUrl),
            ("@category", design.Category), ("@approval", StoredNames.Of(design.Approval)));
    }

    public async Task<Variant?> GetVariantAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {VariantColumns} FROM variants WHERE id = @id", ReadVariant, cancellationToken, ("@id", id))).FirstOrDefault();

    public async Task<IReadOnlyList<Variant>> ListVariantsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {VariantColumns} FROM variants ORDER BY id", ReadVariant, cancellationToken);

    public Task InsertVariantAsync(Variant variant, CancellationToken cancellationToken = default)
    {
        _changed.Variant(variant);
        return ExecuteAsync($"INSERT INTO variants ({VariantColumns}) VALUES (@id, @design, @sha, @profile, @material, @nozzle, @bedx, @bedy, @ppp, @est, @created, @added, @approvedBy, @approvedAt)",
            cancellationToken, ("@id", variant.Id), ("@design", variant.DesignId), ("@sha", variant.Sha256), ("@profile", variant.Profile),
            ("@material", variant.Material), ("@nozzle", variant.NozzleMm), ("@bedx", variant.MinBedXMm), ("@bedy", variant.MinBedYMm),
            ("@ppp", (long)variant.PartsPerPlate), ("@est", (long)variant.EstimatedTime.TotalMilliseconds), ("@created", Ms(variant.CreatedAt)),
            ("@added", variant.AddedBy), ("@approvedBy", variant.ApprovedBy), ("@approvedAt", variant.ApprovedAt is { } at ? Ms(at) : (long?)null));
    }

    /// <summary>Records who approved the variant's file, and when; nothing else of a variant ever changes.</summary>
    public Task ApproveVariantAsync(string id, string approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        _changed.Variant(id);
        return ExecuteAsync("UPDATE variants SET approved_by = @by, approved_at = @at WHERE id = @id", cancellationToken,
            ("@id", id), ("@by", approvedBy), ("@at", Ms(at)));
    }

    public async Task<long> CountJobsOfVariantAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT COUNT(*) FROM jobs WHERE variant_id = @id", r => r.GetInt64(0), cancellationToken, ("@id", id)))[0];

    public Task DeleteVariantAsync(string id, CancellationToken cancellationToken = default)
    {
        _changed.Variant(id);
        return ExecuteAsync("DELETE FROM variants WHERE id = @id", cancellationToken, ("@id", id));
    }

    internal static Design ReadDesign(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Licence = r.GetString(2),
        SourceUrl = r.GetString(3),
        Category = r.GetString(4),
        Approval = StoredNames.Parse<ApprovalStatus>(r.GetString(5)),
        CreatedAt = At(r.GetInt64(6)),
        Owner = r.IsDBNull(7) ? null : r.GetString(7),
    };

    internal static Variant ReadVariant(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        DesignId = r.GetString(1),
        Sha256 = r.GetString(2),
        Profile = r.GetString(3),
        Material = r.GetString(4),
        NozzleMm = r.GetDouble(5),
        MinBedXMm = r.GetDouble(6),
        MinBedYMm = r.GetDouble(7),
        PartsPerPlate = (int)r.GetInt64(8),
        EstimatedTime = TimeSpan.FromMilliseconds(r.GetInt64(9)),
        CreatedAt = At(r.GetInt64(10)),
        AddedBy = r.GetString(11),
        ApprovedBy = r.IsDBNull(12) ? null : r.GetString(12),
        ApprovedAt = r.IsDBNull(13) ? null : At(r.GetInt64(13)),
    };
}
