using System.Globalization;
using System.Text;

namespace PrintFarm.Farm.Invitations;

/// <summary>A maker's owner id from their display name: <c>Anna Puig i Solé</c> becomes <c>anna-puig-i-sole</c>.</summary>
public static class MakerOwnerIds
{
    public const int MaxLength = 40;

    /// <summary>Lower-case ASCII letters and digits with single dashes; accents dropped; <c>maker</c> when nothing is left.</summary>
    public static string From(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var sb = new StringBuilder();
        foreach (var c in displayName)
        {
            var l = Fold(char.ToLowerInvariant(c));
            if (l is >= 'a' and <= 'z' or >= '0' and <= '9')
                sb.Append(l);
            else if (sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
            if (sb.Length >= MaxLength)
                break;
        }
        var id = sb.ToString().Trim('-');
        return id.Length == 0 ? "maker" : id;
    }

    /// <summary>A Latin letter with an accent as the plain letter (the process may run without ICU, so no Unicode normalisation).</summary>
    private static char Fold(char c)
    {
        var i = Accented.IndexOf(c, StringComparison.Ordinal);
        return i < 0 ? c : Plain[i];
    }

    private const string Accented = "àáâãäåāăąçćčďèéêëēėęěğìíîïīįıľłñńňòóôõöøōőŕřśšşţťùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccdeeeeeeeegiiiiiiillnnnoooooooorrsssttuuuuuuuuyyzzz";

    /// <summary>The <paramref name="n"/>th candidate: the id itself, then <c>anna-2</c>, <c>anna-3</c>...</summary>
    public static string Candidate(string id, int n) => n <= 1 ? id : $"{id}-{n.ToString(CultureInfo.InvariantCulture)}";
}
