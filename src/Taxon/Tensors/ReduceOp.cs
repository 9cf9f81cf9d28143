namespace Taxon;

/// <summary>Reductions of the rows of a matrix that a backend implements.</summary>
internal enum ReduceOp
{
    /// <summary>Σ x</summary>
    Sum,
    /// <summary>max x (NaN if any is NaN)</summary>
    Max,
    /// <summary>min x (NaN if any is NaN)</summary>
    Min,
    /// <summary>log Σ e^x, computed stably</summary>
    LogSumExp,
}
