namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// 1-D convolution (cross-correlation) of input [N, C, L] (or unbatched [C, L]) with weight [O, C/groups, k] and
    /// optional bias [O]; output [N, O, (L + 2·padding − dilation·(k − 1) − 1)/stride + 1]
    /// (PyTorch: <c>F.conv1d</c>). Computed as the 2-D convolution of a one-row image.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Convolution(input, weight, bias, new Size2d(1, stride), new Size2d(0, padding), new Size2d(1, dilation), default, groups,
            transposed: false, spatial: 1, "Conv1d");

    /// <summary>
    /// 2-D convolution (cross-correlation) of input [N, C, H, W] (or unbatched [C, H, W]) with weight
    /// [O, C/groups, kh, kw] and optional bias [O] (PyTorch: <c>F.conv2d</c>): each output size is
    /// (size + 2·padding − dilation·(k − 1) − 1)/stride + 1, rounded down; zero padding; groups split the channels
    /// into independent convolutions (groups = C is a depthwise convolution). Computed as im2col and a GEMM per
    /// image; the gradients as the transposed products, with col2im for the input's.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, Size2d padding = default,
        Size2d? dilation = null, int groups = 1) =>
        Convolution(input, weight, bias, stride ?? 1, padding, dilation ?? 1, default, groups, transposed: false, spatial: 2, "Conv2d");

    /// <summary>
    /// 2-D transposed convolution of input [N, Cin, H, W] (or unbatched) with weight [Cin, Cout/groups, kh, kw] and
    /// optional bias [Cout] (PyTorch: <c>F.conv_transpose2d</c>): the adjoint of <see cref="Conv2d"/> with the same
    /// settings, i.e. its gradient with respect to the input, so it maps an oh x ow image back to
    /// (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1. <paramref name="outputPadding"/> (smaller
    /// than the stride or the dilation) picks among the input sizes that a strided convolution maps to the same size.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2d? stride = null, Size2d padding = default,
        Size2d outputPadding = default, int groups = 1, Size2d? dilation = null) =>
        Convolution(input, weight, bias, stride ?? 1, padding, dilation ?? 1, outputPadding, groups, transposed: true, spatial: 2, "ConvTranspose2d");

    /// <summary>
    /// The shared body: validates, views the operands as 4-D NCHW (a 1-D convolution is an image of height 1), runs
    /// the backend, and records one ConvolutionBackward0 node whose gradients are the adjoint products.
    /// </summary>
    private static Tensor Convolution(Tensor input, Tensor weight, Tensor? bias, Size2d stride, Size2d padding, Size2d dilation,
        Size2d outputPadding, int groups, bool transposed, int spatial, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        ConvShape shape = CheckConvolution(input, weight, bias, stride, padding, dilation, outputPadding, groups, transposed, spatial, op);
        Conv2dGeometry geometry = shape.Geometry;

        Tensor x = Dense(input), w = Dense(weight);
        Tensor? b = bias is null ? null : Dense(bias);
        Tensor result = Tensor.Empty(shape.OutputShape);
        if (transposed)
        {
            // The transposed convolution's output is the input of the convolution it is the adjoint of.
            Tensor.Backend.Conv2dBackwardInput(x.ContiguousSpan, w.ContiguousSpan, b is null ? default : b.ContiguousSpan, result.ContiguousSpan, geometry);
        }
        else
        {
            Tensor.Backend.Conv2d(x.ContiguousSpan, w.ContiguousSpan, b is null ? default : b.ContiguousSpan, result.ContiguousSpan, geometry);
        }

        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(result, "ConvolutionBackward0", inputs, g =>
        {
            Tensor dy = Dense(g);
            Tensor? dx = null, dw = null, db = null;
            if (input.RequiresGrad)
            {
                dx = Tensor.Empty(input.Shape.ToArray());
                if (transposed)
                {
                    Tensor.Backend.Conv2d(dy.ContiguousSpan, w.ContiguousSpan, default, dx.ContiguousSpan, geometry);
                }
                else
                {
                    Tensor.Backend.Conv2dBackwardInput(dy.ContiguousSpan, w.ContiguousSpan, default, dx.ContiguousSpan, geometry);
                }
            }
            bool weightGrad = weight.RequiresGrad, biasGrad = bias is not null && bias.RequiresGrad;
            if (weightGrad)
            {
                dw = Tensor.Empty(weight.Shape.ToArray());
            }
            if (transposed)
            {
                if (weightGrad)
                {
                    // dW = x·im2col(dy)ᵀ: the convolution's weight gradient with the roles of image and output swapped.
                    Tensor.Backend.Conv2dBackwardWeight(dy.ContiguousSpan, x.ContiguousSpan, dw!.ContiguousSpan, default, geometry);
                }
                if (biasGrad)
                {
                    db = dy.Reshape(geometry.Batch, geometry.InChannels, -1).Sum([0, 2]);
                }
            }
            else if (weightGrad || biasGrad)
            {
                if (biasGrad)
                {
                    db = Tensor.Empty([geometry.OutChannels]);
                }
                Tensor.Backend.Conv2dBackwardWeight(x.ContiguousSpan, dy.ContiguousSpan, weightGrad ? dw!.ContiguousSpan : default,
                    biasGrad ? db!.ContiguousSpan : default, geometry);
            }
            return bias is null ? [dx, dw] : [dx, dw, db];
        }, input, weight);
    }

    /// <summary>The tensor itself when contiguous, else a contiguous copy (outside the graph).</summary>
    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.Materialize();

    private readonly record struct ConvShape(Conv2dGeometry Geometry, int[] OutputShape);

    private static ConvShape CheckConvolution(Tensor input, Tensor weight, Tensor? bias, Size2d stride, Size2d padding, Size2d dilation,
        Size2d outputPadding, int groups, bool transposed, int spatial, string op)
    {
        string Shapes() => $"input of shape {ShapeMath.Format(input.Shape)}, weight of shape {ShapeMath.Format(weight.Shape)}";
        if (weight.Dim != spatial + 2)
        {
            throw new ArgumentException($"{op}: expected a {spatial + 2}-D weight, got {Shapes()}.");
        }
        bool batched = input.Dim == spatial + 2;
        if (!batched && input.Dim != spatial + 1)
        {
            throw new ArgumentException($"{op}: expected a {spatial + 1}-D (unbatched) or {spatial + 2}-D (batched) input, got {Shapes()}.");
        }
        if (groups <= 0)
        {
            throw new ArgumentException($"{op}: groups must be positive, got {groups}.");
        }
        if (stride.Height <= 0 || stride.Width <= 0 || dilation.Height <= 0 || dilation.Width <= 0)
        {
            throw new ArgumentException($"{op}: stride and dilation must be positive, got stride {stride.ToTupleString()} and dilation {dilation.ToTupleString()}.");
        }
        if (padding.Height < 0 || padding.Width < 0 || outputPadding.Height < 0 || outputPadding.Width < 0)
        {
            throw new ArgumentException($"{op}: negative padding is not supported, got padding {padding.ToTupleString()} and output padding {outputPadding.ToTupleString()}.");
        }

        int n = batched ? input.Shape[0] : 1;
        int channels = input.Shape[batched ? 1 : 0];
        int h = spatial == 2 ? input.Shape[^2] : 1, w = input.Shape[^1];
        int kh = spatial == 2 ? weight.Shape[^2] : 1, kw = weight.Shape[^1];
        int outChannels;
        if (transposed)
        {
            if (weight.Shape[0] != channels || channels % groups != 0)
            {
                throw new ArgumentException(
                    $"{op}: with groups={groups}, weight [in, out/groups, ...] of shape {ShapeMath.Format(weight.Shape)} expects {weight.Shape[0]} input channels (divisible by groups), but the input of shape {ShapeMath.Format(input.Shape)} has {channels}.");
            }
            outChannels = weight.Shape[1] * groups;
        }
        else
        {
            outChannels = weight.Shape[0];
            if (outChannels % groups != 0)
            {
                throw new ArgumentException($"{op}: {outChannels} output channels (weight of shape {ShapeMath.Format(weight.Shape)}) are not divisible by groups={groups}.");
            }
            if (weight.Shape[1] * groups != channels)
            {
                throw new ArgumentException(
                    $"{op}: with groups={groups}, weight of shape {ShapeMath.Format(weight.Shape)} expects input with {weight.Shape[1] * groups} channels, but the input of shape {ShapeMath.Format(input.Shape)} has {channels}.");
            }
        }
        if (bias is not null && (bias.Dim != 1 || bias.Shape[0] != outChannels))
        {
            throw new ArgumentException($"{op}: expected a bias of shape [{outChannels}], got {ShapeMath.Format(bias.Shape)} ({Shapes()}).");
        }

        int extentH = (dilation.Height * (kh - 1)) + 1, extentW = (dilation.Width * (kw - 1)) + 1;
        int oh, ow;
        if (transposed)
        {
            if ((outputPadding.Height >= stride.Height && outputPadding.Height >= dilation.Height)
                || (outputPadding.Width >= stride.Width && outputPadding.Width >= dilation.Width))
            {
                throw new ArgumentException(
                    $"{op}: output padding {outputPadding.ToTupleString()} must be smaller than either the stride {stride.ToTupleString()} or the dilation {dilation.ToTupleString()}.");
            }
            oh = ((h - 1) * stride.Height) - (2 * padding.Height) + extentH + outputPadding.Height;
            ow = ((w - 1) * stride.Width) - (2 * padding.Width) + extentW + outputPadding.Width;
            if (oh <= 0 || ow <= 0)
            {
                throw new ArgumentException($"{op}: the output size ({oh}x{ow}) computed for {Shapes()} is too small; reduce the padding.");
            }
        }
        else
        {
            int paddedH = h + (2 * padding.Height), paddedW = w + (2 * padding.Width);
            if (paddedH < extentH || paddedW < extentW)
            {
                throw new ArgumentException(
                    $"{op}: the padded input size per channel ({paddedH}x{paddedW}) is smaller than the dilated kernel size ({extentH}x{extentW}), {Shapes()}.");
            }
            oh = ((paddedH - extentH) / stride.Height) + 1;
            ow = ((paddedW - extentW) / stride.Width) + 1;
        }

        // A transposed convolution is the adjoint of the convolution from its output (oh x ow) to its input (h x w).
        var geometry = transposed
            ? new Conv2dGeometry(n, outChannels, oh, ow, channels, h, w, kh, kw, stride.Height, stride.Width,
                padding.Height, padding.Width, dilation.Height, dilation.Width, groups)
            : new Conv2dGeometry(n, channels, h, w, outChannels, oh, ow, kh, kw, stride.Height, stride.Width,
                padding.Height, padding.Width, dilation.Height, dilation.Width, groups);
        int[] spatialShape = spatial == 2 ? [oh, ow] : [ow];
        int[] outputShape = batched ? [n, outChannels, .. spatialShape] : [outChannels, .. spatialShape];
        return new ConvShape(geometry, outputShape);
    }
}
