namespace Taxon.Kernels;

/// <summary>Which comparison <see cref="ComparisonOperator"/> makes.</summary>
internal enum ComparisonKind
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
