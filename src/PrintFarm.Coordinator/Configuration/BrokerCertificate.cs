using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
namespace PrintFarm.Coordinator.Configuration;

/// <summary>
/// The embedded broker's TLS certificate from <c>mqtt.certificate</c>: a PEM file with its key in <c>mqtt.certificateKey</c>
/// (or in the same file), or a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) without a password. Relative paths are resolved
/// against the config file's folder.
/// </summary>
public static class BrokerCertificate
{
    /// <summary>Loads the certificate with its private key, or throws <see cref="BrokerCertificateException"/> saying what is wrong.</summary>
    public static X509Certificate2 Load(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mqtt = options.Mqtt;
        if (string.IsNullOrWhiteSpace(mqtt.Certificate))
            throw new BrokerCertificateException("no certificate file given");
        var certificatePath = ServeOptionsValidator.ResolvePath(options, mqtt.Certificate);
        var keyPath = string.IsNullOrWhiteSpace(mqtt.CertificateKey) ? null : ServeOptionsValidator.ResolvePath(options, mqtt.CertificateKey);
        if (!File.Exists(certificatePath))
            throw new BrokerCertificateException($"\"{mqtt.Certificate}\" not found (looked for {certificatePath})");
        if (keyPath is not null && !File.Exists(keyPath))
            throw new BrokerCertificateException($"key \"{mqtt.CertificateKey}\" not found (looked for {keyPath})");
        try
        {
            X509Certificate2 loaded;
            if (IsPem(certificatePath))
            {
                loaded = keyPath is null ? X509Certificate2.CreateFromPemFile(certificatePath) : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            }
            else
            {
                if (keyPath is not null)
                    throw new BrokerCertificateException("a PKCS#12 (.pfx) certificate carries its own key; leave mqtt.certificateKey empty");
                loaded = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
            }
            using (loaded)
            {
                if (!loaded.HasPrivateKey)
                    throw new BrokerCertificateException($"\"{mqtt.Certificate}\" has no private key; give it in mqtt.certificateKey (PEM)");
                // A PEM key is ephemeral; going through PKCS#12 gives TLS a key it can use on every platform.
                return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), password: null);
            }
        }
        catch (CryptographicException ex)
        {
            throw new BrokerCertificateException($"cannot read \"{mqtt.Certificate}\"{(keyPath is null ? "" : $" with key \"{mqtt.CertificateKey}\"")}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            // CreateFromPemFile: no certificate or no key in the file.
            throw new BrokerCertificateException($"cannot read \"{mqtt.Certificate}\": {ex.Message}", ex);
        }
    }

    private static bool IsPem(string path)
    {
        // A PEM file may open with "Bag Attributes" lines before its first -----BEGIN; a PKCS#12 file is binary.
        var head = new byte[4096];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(head, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}

/// <summary>The TLS certificate or key cannot be used; the message says why.</summary>
public sealed class BrokerCertificateException : Exception
{
    public BrokerCertificateException()
    {
    }

    public BrokerCertificateException(string message)
        : base(message)
    {
    }

    public BrokerCertificateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
