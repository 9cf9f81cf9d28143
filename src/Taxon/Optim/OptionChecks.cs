namespace Taxon.Optim;

/// <summary>Range checks of optimiser options, with PyTorch's messages ("Invalid learning rate: -1").</summary>
internal static class OptionChecks
{
    public static void NonNegative(double value, string what)
    {
        if (!(value >= 0))
        {
            throw new ArgumentException($"Invalid {what}: {value}.");
        }
    }

    /// <summary>0 ≤ β &lt; 1, for the betas of Adam and its relatives.</summary>
    public static void Beta(double value, int index)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentException($"Invalid beta parameter at index {index}: {value}.");
        }
    }

    public static void InClosedUnit(double value, string what)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"Invalid {what}: {value}.");
        }
    }
}
