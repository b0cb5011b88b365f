using Microsoft.AspNetCore.Http;
using PrintFarm.Farm;

namespace PrintFarm.Coordinator.Api;

/// <summary><c>limit</c> (1 to 1000, default 50) and <c>offset</c> (0 or more) from the query string.</summary>
public readonly record struct PageRequest(int Limit, int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static PageRequest From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PageRequest(Number(request, "limit", DefaultLimit, 1, MaxLimit), Number(request, "offset", 0, 0, int.MaxValue));
    }

    private static int Number(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FarmValidationException($"{name} must be a whole number from {min} to {max} (got \"{text}\")");
        return value;
    }
}
