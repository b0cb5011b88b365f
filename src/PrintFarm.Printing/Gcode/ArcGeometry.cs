namespace PrintFarm.Printing.Gcode;

/// <summary>Length and extent of G2/G3 arcs in the XY plane, given by centre offset (I, J) or radius (R).</summary>
internal static class ArcGeometry
{
    private const double FullTurn = 2 * Math.PI;

    /// <summary>
    /// Returns the arc's length (helical when Z changes) and adds the points where it crosses the
    /// X and Y extremes of its circle to the bounds, as the end points alone would miss its bulge.
    /// </summary>
    public static double Trace(
        double startX, double startY, double endX, double endY, double endZ, double dz,
        double i, double j, double r, bool clockwise,
        ref BoundsBuilder moveBounds, ref BoundsBuilder extrusionBounds, bool positionKnown, bool extruding)
    {
        if (i == 0 && j == 0)
            (i, j) = CentreFromRadius(startX, startY, endX, endY, r, clockwise);
        double cx = startX + i, cy = startY + j;
        var radius = Math.Sqrt((i * i) + (j * j));
        var startAngle = Math.Atan2(startY - cy, startX - cx);
        var endAngle = Math.Atan2(endY - cy, endX - cx);
        var sweep = clockwise ? startAngle - endAngle : endAngle - startAngle;
        if (sweep <= 1e-9)
            sweep += FullTurn;
        for (var quadrant = 0; quadrant < 4 && positionKnown; quadrant++)
        {
            var angle = quadrant * Math.PI / 2;
            var fromStart = clockwise ? startAngle - angle : angle - startAngle;
            fromStart = ((fromStart % FullTurn) + FullTurn) % FullTurn;
            if (fromStart > sweep)
                continue;
            double px = cx + (radius * Math.Cos(angle)), py = cy + (radius * Math.Sin(angle));
            moveBounds.Include(px, py, endZ);
            if (extruding)
                extrusionBounds.Include(px, py, endZ);
        }
        var planar = radius * sweep;
        return Math.Sqrt((planar * planar) + (dz * dz));
    }

    /// <summary>The centre offset for the R form, as Marlin computes it (a negative R takes the long way round).</summary>
    private static (double I, double J) CentreFromRadius(double startX, double startY, double endX, double endY, double r, bool clockwise)
    {
        double dx = endX - startX, dy = endY - startY;
        var d = Math.Sqrt((dx * dx) + (dy * dy));
        if (d == 0)
            return (0, 0);
        var side = clockwise ^ (r < 0) ? -1.0 : 1.0;
        var h = Math.Sqrt(Math.Max(0, (r * r) - (d * d / 4)));
        double mx = (startX + endX) / 2, my = (startY + endY) / 2;
        double cx = mx + (side * h * -dy / d), cy = my + (side * h * dx / d);
        return (cx - startX, cy - startY);
    }
}
