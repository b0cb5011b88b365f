using System.Security.Cryptography;
using System.Text;

namespace PrintFarm.Farm.Invitations;

/// <summary>
/// Invitation codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V), shown in two
/// groups, <c>K7QM-4TXP</c>, so they are easy to read from paper and to type on a phone. 23 symbols to the 8th power is
/// about 7.8 × 10^10 (36 bits): with the join routes limited to a few tries a minute per address, one address finds one
/// of 500 open codes in about 150 million tries on average, hundreds of years at that rate.
/// </summary>
public static class InvitationCode
{
    /// <summary>The symbols a code is made of.</summary>
    public const string Alphabet = "34679ACDEFGHJKMNPQRTWXY";

    public const int Length = 8;

    private const string Symbols = Alphabet;

    /// <summary>A new random code, grouped for display: <c>K7QM-4TXP</c>.</summary>
    public static string New()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
            code[i] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        return $"{code[..4]}-{code[4..]}";
    }

    /// <summary>
    /// The code as typed, made canonical: upper case, without spaces or dashes. Null when it cannot be a code (a
    /// character outside the alphabet, or not 8 of them).
    /// </summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null || typed.Length > 40)
            return null;
        var sb = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ' or '\t')
                continue;
            var u = char.ToUpperInvariant(c);
            if (Symbols.IndexOf(u, StringComparison.Ordinal) < 0)
                return null;
            sb.Append(u);
        }
        return sb.Length == Length ? sb.ToString() : null;
    }

    /// <summary>Lower-case hex SHA-256 of the normalised code, as stored.</summary>
    public static string Hash(string normalised) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
}
