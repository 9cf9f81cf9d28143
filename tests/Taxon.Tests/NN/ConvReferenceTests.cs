namespace Taxon.Tests.NN;

/// <summary>
/// Convolution at the CNN workload's real sizes (and others the kernels special-case: transposed products, 1x1,
/// strides, groups) against a direct double-precision convolution and its adjoints: the shapes at which the GEMM
/// orientation, threading and im2col fast paths switch are too large for finite differences.
/// </summary>
public sealed class ConvReferenceTests
{
    /// <summary>n, c, h, w, o, kh, kw, stride, padding, dilation, groups.</summary>
    [Theory]
    [InlineData(3, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1)]
    [InlineData(3, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1)]
    [InlineData(2, 64, 7, 7, 96, 1, 1, 1, 0, 1, 1)]
    [InlineData(2, 48, 12, 11, 64, 3, 3, 2, 1, 1, 2)]
    [InlineData(2, 16, 13, 13, 16, 5, 5, 1, 4, 2, 16)]
    [InlineData(5, 3, 9, 10, 40, 3, 2, 1, 0, 1, 1)]
    public void MatchesDirectConvolution(int n, int c, int h, int w, int o, int kh, int kw, int stride, int padding, int dilation, int groups)
    {
        var gen = new Generator((ulong)(n * 1000 + c * 100 + o));
        Tensor x = Tensor.Randn([n, c, h, w], gen), weight = Tensor.Randn([o, c / groups, kh, kw], gen).Mul(0.2f), bias = Tensor.Randn([o], gen);
        x.RequiresGrad = weight.RequiresGrad = bias.RequiresGrad = true;
        Tensor y = Functional.Conv2d(x, weight, bias, stride, padding, dilation, groups);
        int oh = y.Shape[2], ow = y.Shape[3];
        Tensor gy = Tensor.Randn(y.Shape.ToArray(), gen);
        y.Backward(gy);

        float[] xs = x.ToArray(), ws = weight.ToArray(), bs = bias.ToArray(), gs = gy.ToArray();
        var yr = new double[n * o * oh * ow];
        var dx = new double[xs.Length];
        var dw = new double[ws.Length];
        var db = new double[o];
        int cg = c / groups, og = o / groups;
        for (int b = 0; b < n; b++)
        {
            for (int oc = 0; oc < o; oc++)
            {
                int gi = oc / og;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int yi = ((b * o + oc) * oh + oy) * ow + ox;
                        double sum = bs[oc], g = gs[yi];
                        db[oc] += g;
                        for (int ci = 0; ci < cg; ci++)
                        {
                            for (int i = 0; i < kh; i++)
                            {
                                int iy = oy * stride - padding + i * dilation;
                                for (int j = 0; j < kw; j++)
                                {
                                    int ix = ox * stride - padding + j * dilation;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                                    {
                                        continue;
                                    }
                                    int xi = ((b * c + gi * cg + ci) * h + iy) * w + ix;
                                    int wi = ((oc * cg + ci) * kh + i) * kw + j;
                                    sum += (double)ws[wi] * xs[xi];
                                    dx[xi] += g * ws[wi];
                                    dw[wi] += g * xs[xi];
                                }
                            }
                        }
                        yr[yi] = sum;
                    }
                }
            }
        }
        Close(yr, y.ToArray(), "output");
        Close(dx, x.Grad!.ToArray(), "input gradient");
        Close(dw, weight.Grad!.ToArray(), "weight gradient");
        Close(db, bias.Grad!.ToArray(), "bias gradient");
    }

    /// <summary>A transposed convolution is the adjoint of the convolution: ⟨conv(x), y⟩ = ⟨x, convT(y)⟩.</summary>
    [Theory]
    [InlineData(2, 32, 14, 14, 64, 3, 1, 1, 0)]
    [InlineData(2, 8, 9, 9, 16, 3, 2, 1, 0)]
    [InlineData(2, 8, 10, 10, 16, 4, 2, 1, 1)]
    public void TransposedConvolutionIsTheAdjoint(int n, int c, int h, int w, int o, int k, int stride, int padding, int trim)
    {
        var gen = new Generator(17);
        Tensor x = Tensor.Randn([n, c, h - trim, w - trim], gen), weight = Tensor.Randn([o, c, k, k], gen);
        Tensor y = Functional.Conv2d(x, weight, stride: stride, padding: padding);
        Tensor u = Tensor.Randn(y.Shape.ToArray(), gen);
        // convT from y's size back to x's; output padding recovers sizes that the stride rounded away.
        int outPad = (x.Shape[2] + 2 * padding - k) % stride;
        Tensor back = Functional.ConvTranspose2d(u, weight, stride: stride, padding: padding, outputPadding: outPad);
        Assert.Equal(x.Shape.ToArray(), back.Shape.ToArray());
        double lhs = Dot(y.ToArray(), u.ToArray()), rhs = Dot(x.ToArray(), back.ToArray());
        Assert.True(Math.Abs(lhs - rhs) <= 1e-4 * (Math.Abs(lhs) + 1), $"⟨conv x, u⟩ = {lhs}, ⟨x, convT u⟩ = {rhs}");
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }
        return s;
    }

    private static void Close(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs) + 1;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-5 * scale + 1e-4 * Math.Abs(expected[i]),
                $"{what} [{i}]: expected {expected[i]}, actual {actual[i]}");
        }
    }
}
