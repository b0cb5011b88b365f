using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintFarm.Wire;

/// <summary>
/// Enums in JSON as their <see cref="WireNames"/> (<c>care-home</c>, <c>needs-bed-clear</c>). A value that is not one of
/// them is refused with the valid ones listed (<c>"kind": "clinic" is not one of hospital, care-home, ...</c>), never
/// with a .NET type name; numbers are refused too, so a body cannot lean on the order of an enum's members.
/// </summary>
public sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    /// <summary>The valid names of <typeparamref name="T"/>, for an error message.</summary>
    public static string ValidNames<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => WireNames.Of(v)));

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected one of {ValidNames<T>()} as a string, not {Describe(reader.TokenType)}");
            return FromName(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(WireNames.Of(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            FromName(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(WireNames.Of(value));

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "true or false",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => token.ToString().ToLowerInvariant(),
        };

        private static T FromName(string? text) =>
            WireNames.TryParse<T>(text, out var value) ? value : throw new JsonException($"\"{Shorten(text)}\" is not one of {ValidNames<T>()}");

        /// <summary>Junk is echoed only in part: an error message is no place for a megabyte of it.</summary>
        private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
    }
}
