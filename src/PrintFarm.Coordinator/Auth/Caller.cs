using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using PrintFarm.Farm.Access;
using PrintFarm.Farm.Printers;
using PrintFarm.Wire;

namespace PrintFarm.Coordinator.Auth;

/// <summary>Who is calling, from their API key: a role, and for a maker the owner name their printers carry.</summary>
public sealed record Caller(long KeyId, string Name, ApiRole Role, string? Owner, string? PrinterId, string? Node = null)
{
    public const string NodeClaim = "printfarm:node";
    public const string RoleClaim = "printfarm:role";
    public const string OwnerClaim = "printfarm:owner";
    public const string PrinterClaim = "printfarm:printer";
    public const string KeyClaim = "printfarm:key";

    public bool IsStaff => Role is ApiRole.Admin or ApiRole.Staff;

    public bool CanWrite => Role is not ApiRole.Viewer;

    /// <summary>For the audit log: <c>staff:lab-desk</c>, <c>maker:anna</c>.</summary>
    public string Actor => $"{WireNames.Of(Role)}:{Name}";

    /// <summary>Staff and viewers see every printer; a maker only their own (and a per-printer key only its printer).</summary>
    public bool CanSee(Printer printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        if (PrinterId is not null && printer.Id != PrinterId)
            return false;
        return Role != ApiRole.Maker || string.Equals(printer.Owner, Owner, StringComparison.Ordinal);
    }

    /// <summary>Staff act on any printer; a maker only on their own; a viewer on none.</summary>
    public bool CanDrive(Printer printer) => CanWrite && CanSee(printer);

    public static Caller From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        return new Caller(
            long.Parse(user.FindFirstValue(KeyClaim) ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            user.Identity?.Name ?? "",
            Enum.Parse<ApiRole>(user.FindFirstValue(RoleClaim) ?? nameof(ApiRole.Viewer)),
            user.FindFirstValue(OwnerClaim),
            user.FindFirstValue(PrinterClaim),
            user.FindFirstValue(NodeClaim));
    }
}
