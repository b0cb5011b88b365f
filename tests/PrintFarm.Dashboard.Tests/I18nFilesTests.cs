using System.Text.Json;
using System.Text.RegularExpressions;
using PrintFarm.Dashboard.Tests.Support;

namespace PrintFarm.Dashboard.Tests;

/// <summary>
/// The page's strings, checked without a browser: the three language files have the same keys and placeholders, every
/// key the page uses exists, and no file is left with an English text that another language would show.
/// </summary>
public sealed partial class I18nFilesTests
{
    private static readonly string[] Languages = ["ca", "es", "en"];

    private static string Wwwroot => Path.Combine(RepositoryPaths.Root, "src", "PrintFarm.Coordinator", "wwwroot");

    public static Dictionary<string, string> Strings(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Wwwroot, "i18n", language + ".json")))!;

    [TestCase("ca")]
    [TestCase("es")]
    public void A_translation_has_every_key_and_placeholder_of_the_English(string language)
    {
        var english = Strings("en");
        var other = Strings(language);
        Assert.Multiple(() =>
        {
            Assert.That(other.Keys, Is.EquivalentTo(english.Keys), "the same keys");
            foreach (var (key, text) in english)
            {
                if (other.TryGetValue(key, out var translated))
                    Assert.That(Placeholders(translated), Is.EquivalentTo(Placeholders(text)), $"{language}: {key} keeps its placeholders");
            }
        });
    }

    [Test]
    public void Every_key_the_page_uses_is_in_the_files()
    {
        var english = Strings("en");
        var code = string.Join('\n', Directory.GetFiles(Wwwroot, "*.js").Select(File.ReadAllText));
        var html = File.ReadAllText(Path.Combine(Wwwroot, "index.html"));
        var used = KeyCall().Matches(code).Select(m => m.Groups["key"].Value)
            .Concat(Attribute().Matches(html).Select(m => m.Groups["key"].Value))
            .Concat(AttributeKeys().Matches(html).SelectMany(m => m.Groups["pairs"].Value.Split(';').Select(p => p.Split(':')[1].Trim())))
            .Distinct().ToList();
        // Keys built from a state or an action: their prefix must have entries.
        var prefixes = DynamicKey().Matches(code).Select(m => m.Groups["prefix"].Value).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(used, Has.Count.GreaterThan(40), "the page's keys were found");
            Assert.That(used.Where(k => !english.ContainsKey(k)), Is.Empty, "keys the page uses that no file has");
            Assert.That(prefixes, Is.Not.Empty);
            Assert.That(prefixes.Where(p => !english.Keys.Any(k => k.StartsWith(p, StringComparison.Ordinal))), Is.Empty, "dynamic key prefixes without entries");
        });
    }

    [TestCase("ca")]
    [TestCase("es")]
    public void No_translation_is_left_in_English(string language)
    {
        var english = Strings("en");
        var other = Strings(language);
        // Words that are the same in both languages.
        string[] same = ["error", "hospital", "temp.on", "totals.of", "language.label", "printer.material", "role.maker", "role.agent"];
        var untranslated = english.Where(p => p.Value.Length > 3 && other.GetValueOrDefault(p.Key) == p.Value && !same.Contains(p.Key) && !same.Contains(p.Value)).Select(p => p.Key);
        Assert.That(untranslated, Is.Empty);
    }

    private static List<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bt\('(?<key>[a-z0-9.-]+)'")]
    private static partial Regex KeyCall();

    [GeneratedRegex(@"\bt\(`(?<prefix>[a-z0-9-]+\.)\$\{")]
    private static partial Regex DynamicKey();

    [GeneratedRegex("data-i18n=\"(?<key>[^\"]+)\"")]
    private static partial Regex Attribute();

    [GeneratedRegex("data-i18n-attr=\"(?<pairs>[^\"]+)\"")]
    private static partial Regex AttributeKeys();
}
