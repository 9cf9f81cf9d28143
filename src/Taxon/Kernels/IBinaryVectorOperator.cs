using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>A binary operator that TensorPrimitives lacks, written once per vector width for <see cref="VectorLoop"/>.</summary>
internal interface IBinaryVectorOperator : IBinaryOperator
{
    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
