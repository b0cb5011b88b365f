namespace PrintFarm.Printing.Gcode;

/// <summary>Collects heater targets; zero (heater off) is not a target.</summary>
internal struct TemperatureTracker
{
    private double? _first;
    private double? _max;

    public void Set(double target)
    {
        if (target <= 0)
            return;
        _first ??= target;
        if (_max is null || target > _max)
            _max = target;
    }

    public readonly TemperatureTargets ToTargets() => _first is null ? TemperatureTargets.None : new TemperatureTargets(_first, _max);
}
