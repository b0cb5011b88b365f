namespace PrintFarm.Printing.Gcode;

/// <summary>Takes a file's raw lines one by one and builds its <see cref="GcodeAnalysis"/>.</summary>
internal sealed class GcodeAnalysisBuilder
{
    private readonly MotionTracker _motion = new();
    private readonly CommandWordCounter _words = new();
    private readonly FlavourHintList _hints = new();
    private readonly SlicerMetadataCollector _metadata;
    private TemperatureTracker _tool;
    private TemperatureTracker _bed;
    private long _lines;
    private long _commands;
    private int _longestLength;
    private long _longestLine;

    public GcodeAnalysisBuilder()
    {
        _metadata = new SlicerMetadataCollector(_hints);
    }

    public void AddLine(ReadOnlySpan<byte> line, long sourceLine)
    {
        _lines++;
        GcodeComments.Split(line, out var command, out var comment);
        if (!comment.IsEmpty)
            _metadata.Add(comment);
        if (command.IsEmpty)
            return;
        _commands++;
        if (command.Length > _longestLength)
        {
            _longestLength = command.Length;
            _longestLine = sourceLine;
        }
        var word = GcodeWords.SplitWord(command, out var parameters);
        if (GcodeWords.TryParseNumbered(word, out var letter, out var code, out var subcode))
        {
            _words.AddNumbered(word, letter, code, subcode);
            if (letter == (byte)'G' && subcode == GcodeWords.NoSubcode)
                OnG(code, parameters);
            else if (letter == (byte)'M')
                OnM(code, subcode, parameters);
        }
        else
        {
            _words.AddOther(word);
        }
    }

    public GcodeAnalysis Build(long bytes)
    {
        var words = _words.ToDictionary();
        _hints.AddMacros(words.Keys);
        var computed = TimeSpan.FromSeconds(Math.Round(_motion.Seconds));
        var slicerTime = _metadata.EstimatedTime;
        return new GcodeAnalysis
        {
            Lines = _lines,
            Bytes = bytes,
            Commands = _commands,
            Moves = _motion.Moves,
            Layers = _metadata.LayerMarkers > 0 ? _metadata.LayerMarkers : _motion.ZLayers,
            EstimatedTime = slicerTime ?? (_motion.Moves > 0 ? computed : null),
            EstimatedTimeSource = slicerTime is not null ? GcodeAnalysis.SlicerTimeSource
                : _motion.Moves > 0 ? GcodeAnalysis.ComputedTimeSource : null,
            ComputedTime = computed,
            FilamentMm = Math.Round(_motion.FilamentMm, 3),
            SlicerFilamentMm = _metadata.FilamentMm,
            SlicerFilamentGrams = _metadata.FilamentGrams,
            BoundingBox = _motion.ExtrusionBounds,
            MoveBoundingBox = _motion.MoveBounds,
            ToolTemperature = _tool.ToTargets(),
            BedTemperature = _bed.ToTargets(),
            Slicer = _metadata.Slicer,
            FlavourHints = _hints.ToList(),
            CommandWords = words,
            LongestCommandLength = _longestLength,
            LongestCommandLine = _longestLine,
        };
    }

    private void OnG(int code, ReadOnlySpan<byte> parameters)
    {
        switch (code)
        {
            case 0 or 1: _motion.Move(parameters, arc: 0); break;
            case 2: _motion.Move(parameters, arc: -1); break;
            case 3: _motion.Move(parameters, arc: 1); break;
            case 4: _motion.Dwell(parameters); break;
            case 20 or 21: _motion.SetInches(code == 20); break;
            case 28: _motion.Home(parameters); break;
            case 90 or 91: _motion.SetRelativeAxes(code == 91); break;
            case 92: _motion.SetPosition(parameters); break;
        }
    }

    private void OnM(int code, int subcode, ReadOnlySpan<byte> parameters)
    {
        if (subcode != GcodeWords.NoSubcode)
        {
            if (code == 862 && subcode == 3)
                _hints.Add(SlicerComments.Hint("prusa_printer_check", Quoted(parameters)));
            return;
        }
        switch (code)
        {
            case 82 or 83: _motion.SetRelativeExtruder(code == 83); break;
            case 104 or 109: _tool.Set(Target(parameters, allowR: code == 109)); break;
            case 140 or 190: _bed.Set(Target(parameters, allowR: code == 190)); break;
            case 115: _hints.Add(FirmwareCheck(parameters)); break;
        }
    }

    private static double Target(ReadOnlySpan<byte> parameters, bool allowR)
    {
        if (GcodeParameterReader.TryGet(parameters, 'S', out var target))
            return target;
        return allowR && GcodeParameterReader.TryGet(parameters, 'R', out target) ? target : 0;
    }

    /// <summary>The text between the first pair of double quotes (<c>M862.3 P "MK3S"</c>).</summary>
    private static ReadOnlySpan<byte> Quoted(ReadOnlySpan<byte> parameters)
    {
        var open = parameters.IndexOf((byte)'"');
        if (open < 0)
            return default;
        var rest = parameters[(open + 1)..];
        var close = rest.IndexOf((byte)'"');
        return close < 0 ? rest : rest[..close];
    }

    /// <summary><c>M115 U3.11.0</c> asks Prusa firmware to warn when it is older than 3.11.0.</summary>
    private static string? FirmwareCheck(ReadOnlySpan<byte> parameters)
    {
        parameters = GcodeComments.Trim(parameters);
        if (parameters.IsEmpty || (parameters[0] | 0x20) != 'u')
            return null;
        var version = parameters[1..];
        var end = version.IndexOfAny((byte)' ', (byte)'\t');
        return SlicerComments.Hint("prusa_firmware_check", end < 0 ? version : version[..end]);
    }
}
