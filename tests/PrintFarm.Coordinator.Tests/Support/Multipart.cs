using System.Net.Http.Headers;

namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>Multipart uploads as slicers and the dashboard send them.</summary>
public static class Multipart
{
    public static MultipartFormDataContent File(string fileName, byte[] content, IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    public static byte[] Sample(string relative) => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "designs", relative));
}
