using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Coordinator.Tests.Support;
using PrintFarm.Wire;
namespace PrintFarm.Coordinator.Tests.Agents.Broker;

/// <summary>The embedded broker's TLS port, with a self-signed certificate made here, as PEM (certificate and key) and as PKCS#12.</summary>
public sealed class BrokerTlsTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task An_agent_connects_over_tls_and_plain_mqtt_is_not_spoken_on_the_tls_port(bool pfx)
    {
        var folder = Directory.CreateTempSubdirectory("printfarm-tls-").FullName;
        using var certificate = SelfSigned();
        Dictionary<string, string?> files;
        if (pfx)
        {
            var path = Path.Combine(folder, "broker.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pkcs12));
            files = new() { ["Mqtt:Certificate"] = path };
        }
        else
        {
            var cert = Path.Combine(folder, "broker.crt");
            var key = Path.Combine(folder, "broker.key");
            await File.WriteAllTextAsync(cert, certificate.ExportCertificatePem());
            using (var ecdsa = certificate.GetECDsaPrivateKey()!)
                await File.WriteAllTextAsync(key, ecdsa.ExportPkcs8PrivateKeyPem());
            files = new() { ["Mqtt:Certificate"] = cert, ["Mqtt:CertificateKey"] = key };
        }
        var tlsPort = TestFarm.FreePort();
        files["Mqtt:TlsPort"] = tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var farm = await TestFarm.StartAsync(overrides: files);
        using var admin = farm.Admin();
        using var registered = await admin.PostJsonAsync("/api/printers", EmbeddedBrokerTests.Printer("tls-1", "agent-tls"));
        var credentials = (await registered.JsonAsync()).GetProperty("agentCredentials");
        var password = credentials.GetProperty("password").GetString();

        var options = MqttProbe.Options("127.0.0.1", tlsPort, "agent-tls", password)
            .WithTlsOptions(t => t.UseTls(true).WithTargetHost("localhost")
                .WithCertificateValidationHandler(c => c.Certificate is not null && c.Certificate.GetCertHashString() == certificate.GetCertHashString()))
            .Build();
        await using (var agent = await MqttProbe.ConnectAsync(options))
        {
            var published = await agent.PublishAsync(new Topics().State("tls-1"), "{}");
            Assert.That(published.ReasonCode, Is.AnyOf(MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers), "allowed");
        }
        var plainOnTls = MqttProbe.Options("127.0.0.1", tlsPort, "agent-tls", password).Build();
        Assert.Multiple(() =>
        {
            Assert.That(credentials.GetProperty("broker").GetString(), Is.EqualTo($"mqtts://127.0.0.1:{tlsPort}"), "agents are sent to the TLS port");
            Assert.That(async () => await MqttProbe.TryConnectAsync(plainOnTls), Throws.InstanceOf<Exception>());
            Assert.That(farm.Services.GetRequiredService<BrokerStatus>().TlsPort, Is.EqualTo(tlsPort));
        });
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void A_certificate_that_cannot_be_read_is_a_config_error_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("printfarm-tls-").FullName;
        var cert = Path.Combine(folder, "broken.crt");
        File.WriteAllText(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        var problems = Problems(new() { ["Mqtt:TlsPort"] = "8883", ["Mqtt:Certificate"] = cert });
        var missing = Problems(new() { ["Mqtt:TlsPort"] = "8883", ["Mqtt:Certificate"] = Path.Combine(folder, "nowhere.pem") });
        var noCertificate = Problems(new() { ["Mqtt:TlsPort"] = "8883" });
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("mqtt.certificate: cannot read"));
            Assert.That(missing, Has.Some.StartsWith("mqtt.certificate: \"").And.Some.Contains("not found"));
            Assert.That(noCertificate, Has.Some.StartsWith("mqtt.certificate: required with mqtt.tlsPort"));
        });
        Directory.Delete(folder, recursive: true);
    }

    internal static IReadOnlyList<string> Problems(Dictionary<string, string?> overrides)
    {
        try
        {
            ServeConfigLoader.Load(null, overrides);
            return [];
        }
        catch (ServeConfigException ex)
        {
            return ex.Problems;
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
