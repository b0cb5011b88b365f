using PrintFarm.Printing.Virtual;

namespace PrintFarm.Daemon.Serve.Configuration;

/// <summary>Checks a bound configuration; each problem names the key, as <c>printers[2].port</c>.</summary>
public static class ServeOptionsValidator
{
    private static readonly string[] OwnerKinds = ["lab", "maker"];
    private static readonly string[] Approvals = ["pending", "approved", "withdrawn"];
    private static readonly string[] RequesterKinds = ["hospital", "social-service", "care-home", "other"];

    public static IReadOnlyList<string> Validate(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
                problems.Add(message);
        }

        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Check(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"urls: \"{url}\" is not an http:// or https:// address");
        Check(options.MaxUploadMegabytes is > 0 and <= 100_000, "maxUploadMegabytes: must be between 1 and 100000");
        Check(options.SchedulerIntervalSeconds is >= 0.05 and <= 3600, "schedulerIntervalSeconds: must be between 0.05 and 3600");
        Check(options.MaxHeatingPerSite is > 0 and <= 10_000, "maxHeatingPerSite: must be at least 1");
        Check(options.HeatUpSeconds is >= 0 and <= 86_400, "heatUpSeconds: must be between 0 and 86400");
        Check(options.ReconnectMaxSeconds is >= 1 and <= 3600, "reconnectMaxSeconds: must be between 1 and 3600");
        Check(options.AuthFailuresPerMinute is > 0, "authFailuresPerMinute: must be at least 1");
        foreach (var (id, site) in options.Sites)
            Check(site.HeatingLimit is null or > 0, $"sites.{id}.heatingLimit: must be at least 1");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Printers.Count; i++)
        {
            var p = options.Printers[i];
            var at = $"printers[{i}]";
            Check(!string.IsNullOrWhiteSpace(p.Id), $"{at}.id: required");
            Check(string.IsNullOrEmpty(p.Id) || ids.Add(p.Id), $"{at}.id: \"{p.Id}\" is used twice");
            Check(!string.IsNullOrWhiteSpace(p.Site), $"{at}.site: required");
            Check(!string.IsNullOrWhiteSpace(p.Port), $"{at}.port: required (a device such as /dev/ttyACM0, tcp://HOST:PORT, or virtual)");
            Check(p.IsVirtual || p.IsMqtt || p.Port.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || p.Port.StartsWith('/'),
                $"{at}.port: \"{p.Port}\" is not a device path, tcp://HOST:PORT, mqtt or virtual");
            Check(p.Baud > 0, $"{at}.baud: must be positive");
            Check(!p.IsMqtt || PrintFarm.Daemon.Mqtt.Topics.IsSafeId(p.Bridge), $"{at}.bridge: a printer on port mqtt needs the bridge's MQTT login (agent id)");
            Check(!p.IsMqtt || PrintFarm.Daemon.Mqtt.Topics.IsSafeId(p.Id), $"{at}.id: \"{p.Id}\" cannot be used in an MQTT topic");
            Check(OwnerKinds.Contains(p.OwnerKind), $"{at}.ownerKind: \"{p.OwnerKind}\" is not lab or maker");
            Check(p.BedXMm > 0 && p.BedYMm > 0, $"{at}.bedXMm, bedYMm: required, in millimetres");
            Check(p.NozzleMm > 0, $"{at}.nozzleMm: must be positive");
            Check(!string.IsNullOrWhiteSpace(p.Material), $"{at}.material: required");
            if (p.Virtual is { } v)
            {
                Check(Enum.TryParse<VirtualPrinterDialect>(v.Dialect.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out _),
                    $"{at}.virtual.dialect: \"{v.Dialect}\" is not marlin, prusa, klipper, reprapfirmware or smoothieware");
                Check(v.TimeScale is > 0 and <= 1000, $"{at}.virtual.timeScale: must be more than 0 and at most 1000");
                Check(v.Baud is >= 9600 and <= 10_000_000, $"{at}.virtual.baud: must be between 9600 and 10000000");
                Check(v.Corrupt is >= 0 and < 1, $"{at}.virtual.corrupt: must be at least 0 and below 1");
            }
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
            Check(RequesterKinds.Contains(d.Kind), $"{at}.kind: \"{d.Kind}\" is not hospital, social-service, care-home or other");
            Check(!string.IsNullOrWhiteSpace(d.DesignId), $"{at}.designId: required");
            Check(d.Quantity > 0, $"{at}.quantity: must be at least 1");
            Check(!string.IsNullOrWhiteSpace(d.Node), $"{at}.node: required");
        }
        return problems;
    }

    public static string ResolvePath(ServeOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(path) ? "" : Path.GetFullPath(path, options.BaseDirectory);
    }
}
