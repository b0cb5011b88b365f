using PrintFarm.Wire;
using PrintFarm.Wire.Configuration;

namespace PrintFarm.Coordinator.Configuration;

/// <summary>Checks a bound configuration; each problem names the key, as <c>printers[2].port</c>.</summary>
public static class ServeOptionsValidator
{
    private static readonly string[] OwnerKinds = ["lab", "maker"];
    private static readonly string[] Approvals = ["pending", "approved", "withdrawn"];
    private static readonly string[] RequesterKinds = ["hospital", "social-service", "care-home", "other"];

    public static IReadOnlyList<string> Validate(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigProblems();
        void Check(bool ok, string message) => problems.Check(ok, message);

        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Check(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"urls: \"{url}\" is not an http:// or https:// address");
        problems.Annotations(options);
        Check(options.PublicUrl is null || (Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var pub) && pub.Scheme is "http" or "https"),
            $"publicUrl: \"{options.PublicUrl}\" is not an http:// or https:// address");
        foreach (var proxy in options.TrustedProxies)
            Check(System.Net.IPAddress.TryParse(proxy, out _), $"trustedProxies: \"{proxy}\" is not an IP address");
        ValidateMqtt(options, problems);
        problems.Annotations(options.Join, "join");
        Check(options.Join.TermsUrl is null || (Uri.TryCreate(options.Join.TermsUrl, UriKind.Absolute, out var terms) && terms.Scheme is "http" or "https"),
            $"join.termsUrl: \"{options.Join.TermsUrl}\" is not an http:// or https:// address");
        ValidateEmail(options.Email, problems);
        foreach (var (id, site) in options.Sites)
            Check(site.HeatingLimit is null or > 0, $"sites.{id}.heatingLimit: must be at least 1");
        foreach (var (id, node) in options.Nodes)
        {
            try
            {
                PrintFarm.Farm.Nodes.NodeBook.Validate(id, node?.Name);
            }
            catch (PrintFarm.Farm.FarmValidationException e)
            {
                Check(false, $"nodes.{id}: {e.Message}");
            }
        }
        foreach (var (name, requester) in options.Requesters)
        {
            if (PrintFarm.Farm.Requesters.RequesterBook.ParseKind(requester?.Kind) is not { } kind)
            {
                Check(false, $"requesters.{name}.kind: \"{requester?.Kind}\" is not hospital, social-service, care-home or other");
                continue;
            }
            try
            {
                PrintFarm.Farm.Requesters.RequesterBook.Validate(name, kind);
            }
            catch (PrintFarm.Farm.FarmValidationException e)
            {
                Check(false, $"requesters.{name}: {e.Message}");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Printers.Count; i++)
        {
            var p = options.Printers[i];
            var at = $"printers[{i}]";
            Check(!string.IsNullOrWhiteSpace(p.Id), $"{at}.id: required");
            Check(string.IsNullOrEmpty(p.Id) || ids.Add(p.Id), $"{at}.id: \"{p.Id}\" is used twice");
            Check(!string.IsNullOrWhiteSpace(p.Site), $"{at}.site: required");
            problems.Link(at, p.Port, p.Baud, p.Virtual, allowMqtt: true);
            Check(!p.IsMqtt || PrintFarm.Wire.Topics.IsSafeId(p.Bridge), $"{at}.bridge: a printer on port mqtt needs the bridge's MQTT login (agent id)");
            Check(!p.IsMqtt || PrintFarm.Wire.Topics.IsSafeId(p.Id), $"{at}.id: \"{p.Id}\" cannot be used in an MQTT topic");
            Check(OwnerKinds.Contains(p.OwnerKind), $"{at}.ownerKind: \"{p.OwnerKind}\" is not lab or maker");
            Check(p.BedXMm > 0 && p.BedYMm > 0, $"{at}.bedXMm, bedYMm: required, in millimetres");
            Check(p.NozzleMm > 0, $"{at}.nozzleMm: must be positive");
            Check(!string.IsNullOrWhiteSpace(p.Material), $"{at}.material: required");
        }

        for (var i = 0; i < options.Designs.Count; i++)
        {
            var d = options.Designs[i];
            var at = $"designs[{i}]";
            Check(!string.IsNullOrWhiteSpace(d.Id), $"{at}.id: required");
            Check(Approvals.Contains(d.Approval), $"{at}.approval: \"{d.Approval}\" is not pending, approved or withdrawn");
            for (var j = 0; j < d.Variants.Count; j++)
            {
                var v = d.Variants[j];
                var vat = $"{at}.variants[{j}]";
                Check(!string.IsNullOrWhiteSpace(v.Name), $"{vat}.name: required");
                var file = ResolvePath(options, v.File);
                Check(!string.IsNullOrWhiteSpace(v.File) && File.Exists(file), $"{vat}.file: \"{v.File}\" not found (looked for {file})");
                Check(v.MinBedXMm > 0 && v.MinBedYMm > 0, $"{vat}.minBedXMm, minBedYMm: required, in millimetres");
                Check(v.PartsPerPlate > 0, $"{vat}.partsPerPlate: must be at least 1");
            }
        }

        for (var i = 0; i < options.Demands.Count; i++)
        {
            var d = options.Demands[i];
            var at = $"demands[{i}]";
            Check(!string.IsNullOrWhiteSpace(d.Requester), $"{at}.requester: required");
            Check(d.Kind is null || RequesterKinds.Contains(d.Kind), $"{at}.kind: \"{d.Kind}\" is not hospital, social-service, care-home or other");
            var listed = options.Requesters.GetValueOrDefault(d.Requester)?.Kind;
            Check(d.Kind is null || listed is null || d.Kind == listed, $"{at}.kind: \"{d.Kind}\" is not the kind requesters.{d.Requester} has (\"{listed}\")");
            Check(!string.IsNullOrWhiteSpace(d.DesignId), $"{at}.designId: required");
            Check(d.Quantity > 0, $"{at}.quantity: must be at least 1");
            Check(!string.IsNullOrWhiteSpace(d.Node), $"{at}.node: required");
        }
        return problems.All;
    }

    /// <summary>The <c>mqtt</c> section: addresses and ports, the TLS certificate (loaded, so a bad file stops the start), the external URL, the prefix.</summary>
    private static readonly string[] EmailSecurity = ["starttls", "tls", "none"];

    private static void ValidateEmail(EmailConfig? email, ConfigProblems problems)
    {
        if (email is null)
        {
            problems.Check(false, "email: must be an object");
            return;
        }
        problems.Annotations(email, "email");
        problems.Check(email.Host is null || (email.Host.Length is > 0 and <= 253 && Uri.CheckHostName(email.Host) != UriHostNameType.Unknown),
            $"email.host: \"{email.Host}\" is not a host name or address");
        problems.Check(EmailSecurity.Contains(email.Security, StringComparer.Ordinal), $"email.security: \"{email.Security}\" is not starttls, tls or none");
        problems.Check(MimeKit.MailboxAddress.TryParse(email.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal),
            $"email.from: \"{email.From}\" is not an e-mail address such as \"PrintFarm <farm@example.org>\"");
        problems.Check(email.Password is null || email.User is not null, "email.password: is set without email.user");
        problems.Check(email.Security != "none" || email.User is null, "email.user: with security none the password would go in clear; use starttls or tls");
    }

    private static void ValidateMqtt(ServeOptions options, ConfigProblems problems)
    {
        var mqtt = options.Mqtt;
        if (!string.IsNullOrWhiteSpace(mqtt.External))
        {
            if (!MqttEndpoint.TryParse(mqtt.External, out _, out var error))
                problems.Add($"mqtt.external: {error}");
        }
        else if (mqtt.Enabled)
        {
            if (!System.Net.IPAddress.TryParse(mqtt.Bind, out _))
                problems.Add($"mqtt.bind: \"{mqtt.Bind}\" is not an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every network)");
            if (mqtt.Port is < 1 or > 65535)
                problems.Add("mqtt.port: must be between 1 and 65535");
            if (mqtt.TlsPort is { } tls)
            {
                if (tls is < 1 or > 65535)
                    problems.Add("mqtt.tlsPort: must be between 1 and 65535");
                else if (tls == mqtt.Port)
                    problems.Add($"mqtt.tlsPort: {tls} is mqtt.port too; give TLS a port of its own (8883 is usual)");
                if (string.IsNullOrWhiteSpace(mqtt.Certificate))
                {
                    problems.Add("mqtt.certificate: required with mqtt.tlsPort (a PEM certificate with mqtt.certificateKey, or a .pfx file)");
                }
                else
                {
                    try
                    {
                        using var _ = BrokerCertificate.Load(options);
                    }
                    catch (BrokerCertificateException ex)
                    {
                        problems.Add($"mqtt.certificate: {ex.Message}");
                    }
                }
            }
            else if (!string.IsNullOrWhiteSpace(mqtt.Certificate) || !string.IsNullOrWhiteSpace(mqtt.CertificateKey))
            {
                problems.Add("mqtt.tlsPort: required with mqtt.certificate (the port TLS clients connect to, 8883 is usual)");
            }
        }
        if (!Topics.IsValidPrefix(mqtt.Prefix))
            problems.Add($"mqtt.prefix: \"{mqtt.Prefix}\" is not a topic prefix ({Topics.PrefixRule})");
        if (mqtt.OfflineGraceSeconds is < 0 or > 86_400)
            problems.Add("mqtt.offlineGraceSeconds: must be between 0 and 86400");
        if (mqtt.StaleSeconds is < 1 or > 3600)
            problems.Add("mqtt.staleSeconds: must be between 1 and 3600");
    }

    public static string ResolvePath(ServeOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(path) ? "" : Path.GetFullPath(path, options.BaseDirectory);
    }
}
