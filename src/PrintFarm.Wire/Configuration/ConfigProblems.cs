using System.ComponentModel.DataAnnotations;
using System.Reflection;
using PrintFarm.Printing.Connection;

namespace PrintFarm.Wire.Configuration;

/// <summary>
/// The problems found in a bound config, each naming its key the way the file spells it (<c>printers[1].port</c>).
/// Simple rules sit on the options as DataAnnotations (<see cref="RangeAttribute"/> with the sentence to show);
/// <see cref="Annotations"/> checks them. Rules across several keys are written out with <see cref="Check"/>.
/// Both the coordinator's and the agent's validators collect their problems here, so every problem is reported at once.
/// </summary>
public sealed class ConfigProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public void Add(string problem) => _problems.Add(problem);

    /// <summary>Adds <paramref name="problem"/> unless <paramref name="ok"/>.</summary>
    public void Check(bool ok, string problem)
    {
        if (!ok)
            _problems.Add(problem);
    }

    /// <summary>A printer's link, as the coordinator's and the agent's configs both give it: port, baud, virtual board.</summary>
    public void Link(string at, string? port, int baud, VirtualConfig? board, bool allowMqtt)
    {
        if (string.IsNullOrWhiteSpace(port))
            Add($"{at}.port: required (a device such as /dev/ttyACM0, tcp://HOST:PORT, or virtual)");
        else
            Check(LinkTarget.IsPortForm(port, allowMqtt), $"{at}.port: \"{port}\" is not a device path, tcp://HOST:PORT{(allowMqtt ? ", mqtt" : "")} or virtual");
        Check(baud > 0, $"{at}.baud: must be positive");
        if (board is null)
            return;
        Check(string.Equals(port, "virtual", StringComparison.OrdinalIgnoreCase), $"{at}.virtual: only for port \"virtual\"");
        Check(board.ParsedDialect is not null, $"{at}.virtual.dialect: \"{board.Dialect}\" is not marlin, prusa, klipper, reprapfirmware or smoothieware");
        Annotations(board, $"{at}.virtual");
    }

    /// <summary>
    /// Checks the DataAnnotations on <paramref name="options"/>' own properties (not the objects below them); each
    /// problem reads <c>{at}.{key}: {the attribute's message}</c>.
    /// </summary>
    public void Annotations(object options, string at = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributes<ValidationAttribute>().ToList();
            if (attributes.Count == 0)
                continue;
            var value = property.GetValue(options);
            var key = (at.Length == 0 ? "" : at + ".") + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            foreach (var attribute in attributes)
            {
                if (!attribute.IsValid(value))
                    _problems.Add($"{key}: {attribute.ErrorMessage ?? attribute.FormatErrorMessage(key)}");
            }
        }
    }
}
