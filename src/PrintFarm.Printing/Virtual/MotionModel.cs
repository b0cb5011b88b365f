namespace PrintFarm.Printing.Virtual;

/// <summary>
/// Tracks the tool position and turns moves into durations (in seconds, before time scaling):
/// distance over the sticky feed rate, E-only moves by their E distance, arcs by their length.
/// </summary>
internal sealed class MotionModel
{
    private const double DefaultFeedMmPerMin = 1500;
    private const double HomingBaseSeconds = 0.5;
    private const double HomingXyMmPerSecond = 50;
    private const double HomingZMmPerSecond = 4;

    private double _feedMmPerMin = DefaultFeedMmPerMin;
    private bool _relative;
    private bool _relativeExtruder;

    public double X { get; private set; }
    public double Y { get; private set; }
    public double Z { get; private set; }
    public double E { get; private set; }

    /// <summary>G90 and G91 set every axis, E included, as Marlin does.</summary>
    public void SetRelative(bool relative)
    {
        _relative = relative;
        _relativeExtruder = relative;
    }

    /// <summary>M82 and M83.</summary>
    public void SetRelativeExtruder(bool relative) => _relativeExtruder = relative;

    /// <summary>G92: sets the named axes without moving.</summary>
    public void SetPosition(string command)
    {
        var none = !"XYZE".Any(axis => CommandText.Has(command, axis));
        X = none ? 0 : CommandText.GetOrDefault(command, 'X', X);
        Y = none ? 0 : CommandText.GetOrDefault(command, 'Y', Y);
        Z = none ? 0 : CommandText.GetOrDefault(command, 'Z', Z);
        E = none ? 0 : CommandText.GetOrDefault(command, 'E', E);
    }

    /// <summary>G0 and G1.</summary>
    public double LinearMove(string command)
    {
        var (dx, dy, dz, de) = MoveTo(command);
        var distance = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        return Duration(distance > 1e-9 ? distance : Math.Abs(de));
    }

    /// <summary>G2 (clockwise) and G3, with I/J centre offsets or an R radius.</summary>
    public double ArcMove(string command, bool clockwise)
    {
        var (startX, startY) = (X, Y);
        var (dx, dy, dz, de) = MoveTo(command);
        double sweep;
        double radius;
        if (CommandText.TryGet(command, 'R', out var r))
        {
            radius = Math.Abs(r);
            var chord = Math.Sqrt(dx * dx + dy * dy);
            sweep = radius <= 0 ? 0 : 2 * Math.Asin(Math.Min(1, chord / (2 * radius)));
            if (r < 0)
                sweep = 2 * Math.PI - sweep;
        }
        else
        {
            var centreX = startX + CommandText.GetOrDefault(command, 'I', 0);
            var centreY = startY + CommandText.GetOrDefault(command, 'J', 0);
            radius = Math.Sqrt((startX - centreX) * (startX - centreX) + (startY - centreY) * (startY - centreY));
            var from = Math.Atan2(startY - centreY, startX - centreX);
            var to = Math.Atan2(Y - centreY, X - centreX);
            sweep = clockwise ? from - to : to - from;
            while (sweep <= 1e-9)
                sweep += 2 * Math.PI;
        }
        var planar = sweep * radius;
        var length = Math.Sqrt(planar * planar + dz * dz);
        return Duration(length > 1e-9 ? length : Math.Abs(de));
    }

    /// <summary>G28: a short bump plus the way back from where the axes are. Homed axes end at 0.</summary>
    public double Home(string command)
    {
        var all = !"XYZ".Any(axis => CommandText.Has(command, axis));
        var seconds = HomingBaseSeconds;
        if (all || CommandText.Has(command, 'X'))
        {
            seconds += Math.Abs(X) / HomingXyMmPerSecond;
            X = 0;
        }
        if (all || CommandText.Has(command, 'Y'))
        {
            seconds += Math.Abs(Y) / HomingXyMmPerSecond;
            Y = 0;
        }
        if (all || CommandText.Has(command, 'Z'))
        {
            seconds += Math.Abs(Z) / HomingZMmPerSecond;
            Z = 0;
        }
        return seconds;
    }

    /// <summary>G4: P in milliseconds or S in seconds.</summary>
    public static double Dwell(string command)
    {
        if (CommandText.TryGet(command, 'S', out var seconds))
            return Math.Max(0, seconds);
        return Math.Max(0, CommandText.GetOrDefault(command, 'P', 0) / 1000.0);
    }

    private (double Dx, double Dy, double Dz, double De) MoveTo(string command)
    {
        if (CommandText.TryGet(command, 'F', out var feed) && feed > 0)
            _feedMmPerMin = feed;
        var x = Target(command, 'X', X, _relative);
        var y = Target(command, 'Y', Y, _relative);
        var z = Target(command, 'Z', Z, _relative);
        var e = Target(command, 'E', E, _relativeExtruder);
        var delta = (x - X, y - Y, z - Z, e - E);
        (X, Y, Z, E) = (x, y, z, e);
        return delta;
    }

    private static double Target(string command, char axis, double current, bool relative) =>
        CommandText.TryGet(command, axis, out var value) ? (relative ? current + value : value) : current;

    private double Duration(double millimetres) => millimetres / (_feedMmPerMin / 60.0);
}
