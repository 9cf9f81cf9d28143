namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling of input [N, C, H, W] (or unbatched [C, H, W]) (PyTorch: <c>F.max_pool2d</c>): the maximum of
    /// each kernel window, windows <paramref name="stride"/> apart (default: the kernel size), the input padded with
    /// −∞, every <paramref name="dilation"/>-th element; <paramref name="ceilMode"/> rounds the output size up. The
    /// gradient goes to the position of each window's maximum (the first one on ties).
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d padding = default,
        Size2d? dilation = null, bool ceilMode = false) =>
        MaxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary>
    /// <see cref="MaxPool2d"/> that also returns each maximum's flat position in its input plane, iy·W + ix
    /// (PyTorch: <c>F.max_pool2d(..., return_indices=True)</c>, as <c>MaxUnpool2d</c> expects).
    /// </summary>
    public static (Tensor Output, IndexTensor Indices) MaxPool2dWithIndices(Tensor input, Size2d kernelSize, Size2d? stride = null,
        Size2d padding = default, Size2d? dilation = null, bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (geometry, outShape) = CheckPool(input, kernelSize, stride ?? kernelSize, padding, dilation ?? 1, ceilMode, "MaxPool2d");
        Tensor x = Dense(input);
        Tensor result = Tensor.Empty(outShape);
        int[] indices = GC.AllocateUninitializedArray<int>(result.NumElements);
        Tensor.Backend.MaxPool2d(x.ContiguousSpan, result.ContiguousSpan, indices, geometry);
        int[] inShape = input.Shape.ToArray();
        Tensor output = Tensor.Record(result, "MaxPool2DWithIndicesBackward0", [input], g =>
        {
            Tensor dx = Tensor.Empty(inShape);
            Tensor.Backend.MaxPool2dBackward(Dense(g).ContiguousSpan, indices, dx.ContiguousSpan, geometry);
            return [dx];
        });
        return (output, IndexTensor.Wrap(indices, (int[])outShape.Clone()));
    }

    /// <summary>
    /// 2-D average pooling of input [N, C, H, W] (or unbatched [C, H, W]) (PyTorch: <c>F.avg_pool2d</c>): the mean of
    /// each window, windows <paramref name="stride"/> apart (default: the kernel size), zero padding. The divisor is
    /// the window size including padding when <paramref name="countIncludePad"/> (clipped to the padded input), the
    /// number of input elements in the window otherwise, or <paramref name="divisorOverride"/> when given.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, Size2d kernelSize, Size2d? stride = null, Size2d padding = default,
        bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (divisorOverride is <= 0)
        {
            throw new ArgumentException($"AvgPool2d: the divisor must be positive, got {divisorOverride}.");
        }
        var (geometry, outShape) = CheckPool(input, kernelSize, stride ?? kernelSize, padding, 1, ceilMode, "AvgPool2d");
        int divisor = divisorOverride ?? 0;
        Tensor result = Tensor.Empty(outShape);
        Tensor.Backend.AvgPool2d(Dense(input).ContiguousSpan, result.ContiguousSpan, geometry, countIncludePad, divisor);
        int[] inShape = input.Shape.ToArray();
        return Tensor.Record(result, "AvgPool2DBackward0", [input], g =>
        {
            Tensor dx = Tensor.Empty(inShape);
            Tensor.Backend.AvgPool2dBackward(Dense(g).ContiguousSpan, dx.ContiguousSpan, geometry, countIncludePad, divisor);
            return [dx];
        });
    }

    /// <summary>
    /// Adaptive 2-D average pooling to a fixed output size (PyTorch: <c>F.adaptive_avg_pool2d</c>): output cell i
    /// averages input rows ⌊i·H/oh⌋ to ⌈(i+1)·H/oh⌉ − 1, and likewise for columns, so any input size maps to
    /// <paramref name="outputSize"/> (windows overlap when the sizes do not divide).
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2d outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        (int planes, int[] outShape) = PoolPlanes(input, outputSize.Height, outputSize.Width, "AdaptiveAvgPool2d");
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d: the output size must be positive, got {outputSize.ToTupleString()}.");
        }
        int h = input.Shape[^2], w = input.Shape[^1];
        if (h <= 0 || w <= 0)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d: expected an input with non-zero height and width, got {ShapeMath.Format(input.Shape)}.");
        }
        var geometry = new Pool2dGeometry(planes, h, w, outputSize.Height, outputSize.Width, 0, 0, 0, 0, 0, 0, 0, 0);
        Tensor result = Tensor.Empty(outShape);
        Tensor.Backend.AdaptiveAvgPool2d(Dense(input).ContiguousSpan, result.ContiguousSpan, geometry);
        int[] inShape = input.Shape.ToArray();
        return Tensor.Record(result, "AdaptiveAvgPool2DBackward0", [input], g =>
        {
            Tensor dx = Tensor.Empty(inShape);
            Tensor.Backend.AdaptiveAvgPool2dBackward(Dense(g).ContiguousSpan, dx.ContiguousSpan, geometry);
            return [dx];
        });
    }

    /// <summary>The output size of a pooling along one dimension, PyTorch's <c>pooling_output_shape</c>.</summary>
    internal static int PoolOutputSize(int size, int kernel, int pad, int stride, int dilation, bool ceilMode)
    {
        long numerator = (long)size + (2 * pad) - ((long)dilation * (kernel - 1)) - 1 + (ceilMode ? stride - 1 : 0);
        long output = (long)Math.Floor((double)numerator / stride) + 1;
        // The last window must start inside the input or its left padding.
        if (ceilMode && (output - 1) * stride >= size + pad)
        {
            output--;
        }
        return (int)Math.Clamp(output, int.MinValue, int.MaxValue);
    }

    private static (Pool2dGeometry Geometry, int[] OutShape) CheckPool(Tensor input, Size2d kernel, Size2d stride, Size2d padding,
        Size2d dilation, bool ceilMode, string op)
    {
        if (kernel.Height <= 0 || kernel.Width <= 0 || stride.Height <= 0 || stride.Width <= 0 || dilation.Height <= 0 || dilation.Width <= 0)
        {
            throw new ArgumentException(
                $"{op}: kernel size, stride and dilation must be positive, got kernel {kernel.ToTupleString()}, stride {stride.ToTupleString()}, dilation {dilation.ToTupleString()}.");
        }
        if (padding.Height < 0 || padding.Width < 0 || padding.Height > kernel.Height / 2 || padding.Width > kernel.Width / 2)
        {
            throw new ArgumentException(
                $"{op}: padding should be non-negative and at most half of the kernel size, got padding {padding.ToTupleString()} for kernel {kernel.ToTupleString()}.");
        }
        if (input.Dim is 3 or 4 && (input.Shape[^2] <= 0 || input.Shape[^1] <= 0))
        {
            throw new ArgumentException($"{op}: expected an input with non-zero height and width, got {ShapeMath.Format(input.Shape)}.");
        }
        int h = input.Dim >= 2 ? input.Shape[^2] : 0, w = input.Dim >= 1 ? input.Shape[^1] : 0;
        int oh = PoolOutputSize(h, kernel.Height, padding.Height, stride.Height, dilation.Height, ceilMode);
        int ow = PoolOutputSize(w, kernel.Width, padding.Width, stride.Width, dilation.Width, ceilMode);
        (int planes, int[] outShape) = PoolPlanes(input, oh, ow, op);
        if (oh < 1 || ow < 1)
        {
            throw new ArgumentException(
                $"{op}: given input of shape {ShapeMath.Format(input.Shape)}, the calculated output size ({oh}x{ow}) is too small (kernel {kernel.ToTupleString()}, stride {stride.ToTupleString()}, padding {padding.ToTupleString()}, dilation {dilation.ToTupleString()}).");
        }
        var geometry = new Pool2dGeometry(planes, h, w, oh, ow, kernel.Height, kernel.Width, stride.Height, stride.Width,
            padding.Height, padding.Width, dilation.Height, dilation.Width);
        return (geometry, outShape);
    }

    /// <summary>The number of planes (N·C) and the output shape of a pooling of a 3-D or 4-D input.</summary>
    private static (int Planes, int[] OutShape) PoolPlanes(Tensor input, int oh, int ow, string op)
    {
        if (input.Dim is not (3 or 4))
        {
            throw new ArgumentException($"{op}: expected a 3-D (unbatched) or 4-D (batched) input, got shape {ShapeMath.Format(input.Shape)}.");
        }
        int[] outShape = input.Dim == 4 ? [input.Shape[0], input.Shape[1], oh, ow] : [input.Shape[0], oh, ow];
        int planes = input.Dim == 4 ? input.Shape[0] * input.Shape[1] : input.Shape[0];
        return (planes, outShape);
    }
}
