namespace PrintFarm.Farm.Access;

/// <summary>A key just created and its secret. The secret is shown once; the farm keeps only its hash.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="Secret"><c>pf_</c> and 32 random bytes in URL-safe base64, to send as the bearer token.</param>
public sealed record IssuedApiKey(ApiKey Key, string Secret)
{
    /// <summary>Keeps the secret out of logs that print the record.</summary>
    public override string ToString() => $"IssuedApiKey {{ Key = {Key}, Secret = {Key.Prefix}... }}";
}
