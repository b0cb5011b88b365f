using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using QRCoder;

namespace PrintFarm.Coordinator.Invitations;

/// <summary>
/// The printable sheet of a batch: A4 pages of 3 × 4 cards, each with the join link as a QR code (an SVG data URI), the
/// short code to type, the node's name and the expiry. One self-contained HTML page: print it from the browser.
/// </summary>
internal static class InvitationSheet
{
    public const int Columns = 3;
    public const int Rows = 4;

    private const string Style = """
        @page { size: A4; margin: 10mm; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, sans-serif; color: #000; }
        .page { width: 190mm; height: 277mm; display: grid; grid-template-columns: repeat(3, 1fr); grid-template-rows: repeat(4, 1fr);
          gap: 0; page-break-after: always; break-after: page; }
        .page:last-child { page-break-after: auto; break-after: auto; }
        .card { border: 1px dashed #888; padding: 4mm; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; }
        .card img { width: 38mm; height: 38mm; }
        .code { font: 700 16pt ui-monospace, monospace; letter-spacing: 0.08em; margin-top: 2mm; }
        .node { font-size: 9pt; font-weight: 600; }
        .small { font-size: 7pt; color: #333; word-break: break-all; }
        """;

    /// <summary>Only this page's own style, and images from data URIs: nothing else loads or runs.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; img-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(string nodeName, string? batch, DateTimeOffset expiresAt, IReadOnlyList<IssuedInvitationView> invitations)
    {
        ArgumentNullException.ThrowIfNull(invitations);
        var html = new StringBuilder(invitations.Count * 6000);
        var title = WebUtility.HtmlEncode($"Invitations: {nodeName}{(batch is null ? "" : " · " + batch)}");
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title><style>")
            .Append(Style).Append("</style></head><body>");
        using var generator = new QRCodeGenerator();
        var perPage = Columns * Rows;
        var until = WebUtility.HtmlEncode(expiresAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var node = WebUtility.HtmlEncode(nodeName);
        for (var i = 0; i < invitations.Count; i++)
        {
            if (i % perPage == 0)
                html.Append(i == 0 ? "<section class=\"page\">" : "</section><section class=\"page\">");
            var invitation = invitations[i];
            html.Append("<div class=\"card\"><div class=\"node\">").Append(node).Append("</div><img alt=\"QR code to join\" src=\"")
                .Append(QrDataUri(generator, invitation.Link)).Append("\"><div class=\"code\">").Append(WebUtility.HtmlEncode(invitation.Code))
                .Append("</div><div class=\"small\">").Append(WebUtility.HtmlEncode(invitation.Link)).Append("</div><div class=\"small\">until ")
                .Append(until).Append("</div></div>");
        }
        html.Append("</section></body></html>");
        return html.ToString();
    }

    private static string QrDataUri(QRCodeGenerator generator, string text)
    {
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
