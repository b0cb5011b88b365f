namespace PrintFarm.Printing.Gcode;

/// <summary>
/// Follows the tool through G0-G3, G4, G28, G90/G91, G92, M82/M83 and G20/G21 for the analysis:
/// time, net filament, bounding boxes and Z layers.
/// </summary>
/// <remarks>
/// The time model is deliberately simple: each move takes its length (or its E length when it only
/// extrudes) divided by the sticky feed rate, and dwells add their time. Acceleration, jerk and
/// junction speeds are ignored, so the result is shorter than a slicer's estimate for the same file,
/// most of all on dense curves. It is only used when the file carries no slicer estimate.
/// Extrusion follows Marlin: E is relative after M83 or G91, and G90 does not undo M83.
/// </remarks>
internal sealed class MotionTracker
{
    private const double ZEpsilon = 1e-6;
    private const int KnownX = 1;
    private const int KnownY = 2;
    private const int KnownZ = 4;
    private const int KnownXyz = KnownX | KnownY | KnownZ;

    private double _x;
    private double _y;
    private double _z;
    private double _e;
    private double _secondsPerMm;
    private bool _relativeAxes;
    private bool _relativeExtruder;
    private double _unit = 1.0;
    private double _lastLayerZ = double.NegativeInfinity;
    private bool _lastMoveExtruded;
    private BoundsBuilder _extrusionBounds;
    private BoundsBuilder _moveBounds;

    /// <summary>Axes whose position has been set by a move, G92 or G28; boxes only take known points.</summary>
    private int _known;

    public long Moves { get; private set; }
    public double Seconds { get; private set; }
    public double FilamentMm { get; private set; }
    public int ZLayers { get; private set; }
    public GcodeBounds? ExtrusionBounds => _extrusionBounds.ToBounds();
    public GcodeBounds? MoveBounds => _moveBounds.ToBounds();

    public void SetRelativeAxes(bool relative) => _relativeAxes = relative;
    public void SetRelativeExtruder(bool relative) => _relativeExtruder = relative;
    public void SetInches(bool inches) => _unit = inches ? 25.4 : 1.0;

    /// <summary>G0/G1 (<paramref name="arc"/> 0), G2 (arc -1, clockwise) or G3 (arc 1).</summary>
    public void Move(ReadOnlySpan<byte> parameters, int arc)
    {
        Moves++;
        double x = _x, y = _y, z = _z, de = 0, i = 0, j = 0, r = 0;
        var relativeE = _relativeAxes || _relativeExtruder;
        var wasKnown = _known == KnownXyz;
        var known = _known;
        var reader = new GcodeParameterReader(parameters);
        while (reader.Next(out var letter, out var value, out var hasValue))
        {
            if (!hasValue)
                continue;
            value *= _unit;
            switch (letter)
            {
                case (byte)'X': x = _relativeAxes ? _x + value : value; known |= KnownX; break;
                case (byte)'Y': y = _relativeAxes ? _y + value : value; known |= KnownY; break;
                case (byte)'Z': z = _relativeAxes ? _z + value : value; known |= KnownZ; break;
                case (byte)'E': de = relativeE ? value : value - _e; break;
                case (byte)'F': _secondsPerMm = value > 0 ? 60.0 / value : 0; break;
                case (byte)'I': i = value; break;
                case (byte)'J': j = value; break;
                case (byte)'R': r = value; break;
            }
        }
        _known = known;
        var isKnown = known == KnownXyz;
        double dx = x - _x, dy = y - _y, dz = z - _z;
        var extruding = de > 0;
        double length;
        if (arc != 0 && (i != 0 || j != 0 || r != 0))
            length = ArcGeometry.Trace(_x, _y, x, y, z, dz, i, j, r, clockwise: arc < 0, ref _moveBounds, ref _extrusionBounds, isKnown, extruding);
        else
            length = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        var extrudedHere = extruding && length > 0 && isKnown;
        if (extrudedHere)
        {
            if (wasKnown && !_lastMoveExtruded)
                _extrusionBounds.Include(_x, _y, _z);
            _extrusionBounds.Include(x, y, z);
            if (z > _lastLayerZ + ZEpsilon)
            {
                ZLayers++;
                _lastLayerZ = z;
            }
        }
        _lastMoveExtruded = extrudedHere;
        if (isKnown)
            _moveBounds.Include(x, y, z);
        Seconds += (length > 0 ? length : Math.Abs(de)) * _secondsPerMm;
        FilamentMm += de;
        (_x, _y, _z) = (x, y, z);
        _e += de;
    }

    /// <summary>G4: P in milliseconds, S in seconds.</summary>
    public void Dwell(ReadOnlySpan<byte> parameters)
    {
        if (GcodeParameterReader.TryGet(parameters, 'S', out var seconds) && seconds > 0)
            Seconds += seconds;
        else if (GcodeParameterReader.TryGet(parameters, 'P', out var milliseconds) && milliseconds > 0)
            Seconds += milliseconds / 1000.0;
    }

    /// <summary>G92: sets the named axes (all of them when none is named) without moving.</summary>
    public void SetPosition(ReadOnlySpan<byte> parameters)
    {
        _lastMoveExtruded = false;
        var reader = new GcodeParameterReader(parameters);
        var any = false;
        while (reader.Next(out var letter, out var value, out var hasValue))
        {
            value = hasValue ? value * _unit : 0;
            switch (letter)
            {
                case (byte)'X': _x = value; _known |= KnownX; any = true; break;
                case (byte)'Y': _y = value; _known |= KnownY; any = true; break;
                case (byte)'Z': _z = value; _known |= KnownZ; any = true; break;
                case (byte)'E': _e = value; any = true; break;
            }
        }
        if (!any)
        {
            (_x, _y, _z, _e) = (0, 0, 0, 0);
            _known = KnownXyz;
        }
    }

    /// <summary>G28: the named axes (all of X, Y, Z when none is named) go to 0 in this model.</summary>
    public void Home(ReadOnlySpan<byte> parameters)
    {
        _lastMoveExtruded = false;
        var reader = new GcodeParameterReader(parameters);
        bool x = false, y = false, z = false;
        while (reader.Next(out var letter, out _, out _))
        {
            x |= letter == (byte)'X';
            y |= letter == (byte)'Y';
            z |= letter == (byte)'Z';
        }
        if (!x && !y && !z)
            x = y = z = true;
        if (x) (_x, _known) = (0, _known | KnownX);
        if (y) (_y, _known) = (0, _known | KnownY);
        if (z) (_z, _known) = (0, _known | KnownZ);
    }
}
