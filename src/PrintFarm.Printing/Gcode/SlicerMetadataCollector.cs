namespace PrintFarm.Printing.Gcode;

/// <summary>Gathers what the slicer's comments say about a file, first value found winning.</summary>
internal sealed class SlicerMetadataCollector
{
    private readonly FlavourHintList _hints;

    public SlicerMetadataCollector(FlavourHintList hints)
    {
        _hints = hints;
    }

    public int LayerMarkers { get; private set; }
    public SlicerInfo? Slicer { get; private set; }
    public TimeSpan? EstimatedTime { get; private set; }
    public double? FilamentMm { get; private set; }
    public double? FilamentGrams { get; private set; }

    /// <summary>Takes the comment text after the <c>;</c>, trimmed and not empty.</summary>
    public void Add(ReadOnlySpan<byte> comment)
    {
        if (SlicerComments.IsLayerChange(comment))
        {
            LayerMarkers++;
            return;
        }
        if (Slicer is null && SlicerComments.TryParseSlicer(comment, out var slicer))
        {
            Slicer = slicer;
            return;
        }
        if (EstimatedTime is null && SlicerComments.TryParseEstimatedTime(comment, out var time))
        {
            EstimatedTime = time;
            return;
        }
        if (FilamentMm is null && SlicerComments.TryParseFilamentMm(comment, out var millimetres))
        {
            FilamentMm = millimetres;
            return;
        }
        if (FilamentGrams is null && SlicerComments.TryParseFilamentGrams(comment, out var grams))
        {
            FilamentGrams = grams;
            return;
        }
        if (SlicerComments.TryParseFlavourHint(comment, out var hint))
            _hints.Add(hint);
    }
}
