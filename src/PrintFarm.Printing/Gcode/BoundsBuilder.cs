namespace PrintFarm.Printing.Gcode;

/// <summary>Grows a box point by point; <see cref="ToBounds"/> is null until a point is added.</summary>
internal struct BoundsBuilder
{
    private double _minX;
    private double _minY;
    private double _minZ;
    private double _maxX;
    private double _maxY;
    private double _maxZ;
    private bool _any;

    public void Include(double x, double y, double z)
    {
        if (!_any)
        {
            (_minX, _minY, _minZ, _maxX, _maxY, _maxZ) = (x, y, z, x, y, z);
            _any = true;
            return;
        }
        if (x < _minX) _minX = x;
        if (x > _maxX) _maxX = x;
        if (y < _minY) _minY = y;
        if (y > _maxY) _maxY = y;
        if (z < _minZ) _minZ = z;
        if (z > _maxZ) _maxZ = z;
    }

    public readonly GcodeBounds? ToBounds() =>
        _any ? new GcodeBounds(Round(_minX), Round(_minY), Round(_minZ), Round(_maxX), Round(_maxY), Round(_maxZ)) : null;

    /// <summary>Micrometre rounding hides the float noise of relative moves (for example 0.30000000000000004).</summary>
    private static double Round(double value) => Math.Round(value, 4);
}
