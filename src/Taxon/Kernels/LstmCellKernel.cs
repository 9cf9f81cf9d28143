using System.Numerics;
using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>
/// The LSTM cell's element-wise part for a block of rows in one pass per row, so a time step costs one GEMM and one
/// call here instead of a dozen tensors. The backward works from the saved activated gates rather than the
/// pre-activations: σ' = σ(1 − σ) and tanh' = 1 − tanh² need only the outputs.
/// </summary>
internal static class LstmCellKernel
{
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h, int rows, int hidden)
    {
        int n = hidden;
        var tanh = new TanhOperator();
        for (int r = 0; r < rows; r++)
        {
            Span<float> gr = gates.Slice(r * 4 * n, 4 * n);
            Span<float> ifg = gr[..(2 * n)];
            if (n > 0)
            {
                TensorPrimitives.Sigmoid(ifg, ifg);
                TensorPrimitives.Sigmoid(gr.Slice(3 * n, n), gr.Slice(3 * n, n));
            }
            tanh.Invoke(gr.Slice(2 * n, n), gr.Slice(2 * n, n));
            ReadOnlySpan<float> i = gr[..n], f = gr.Slice(n, n), g = gr.Slice(2 * n, n), o = gr.Slice(3 * n, n);
            Span<float> tc = tanhC.Slice(r * n, n);
            Span<float> cr = c.Slice(r * n, n);
            // f⊙cPrev goes through tanhC as scratch first, so c may alias cPrev.
            TensorPrimitives.Multiply(f, cPrev.Slice(r * n, n), tc);
            TensorPrimitives.FusedMultiplyAdd(i, g, tc, cr);
            tanh.Invoke(cr, tc);
            TensorPrimitives.Multiply(o, tc, h.Slice(r * n, n));
        }
    }

    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> dh,
        Span<float> dc, Span<float> dGates, int rows, int hidden)
    {
        int n = hidden;
        int width = Vector.IsHardwareAccelerated ? Vector<float>.Count : int.MaxValue;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> gr = gates.Slice(r * 4 * n, 4 * n);
            Span<float> dg = dGates.Slice(r * 4 * n, 4 * n);
            ReadOnlySpan<float> i = gr[..n], f = gr.Slice(n, n), g = gr.Slice(2 * n, n), o = gr.Slice(3 * n, n);
            ReadOnlySpan<float> tc = tanhC.Slice(r * n, n), cp = cPrev.Slice(r * n, n), dhr = dh.Slice(r * n, n);
            Span<float> dcr = dc.Slice(r * n, n);
            Span<float> di = dg[..n], df = dg.Slice(n, n), dgg = dg.Slice(2 * n, n), dO = dg.Slice(3 * n, n);
            int k = 0;
            var one = Vector<float>.One;
            for (; k + width <= n; k += width)
            {
                var vi = new Vector<float>(i[k..]);
                var vf = new Vector<float>(f[k..]);
                var vg = new Vector<float>(g[k..]);
                var vo = new Vector<float>(o[k..]);
                var vtc = new Vector<float>(tc[k..]);
                var vdh = new Vector<float>(dhr[k..]);
                var vdc = new Vector<float>(dcr[k..]) + vdh * vo * (one - vtc * vtc);
                (vdh * vtc * vo * (one - vo)).CopyTo(dO[k..]);
                (vdc * vg * vi * (one - vi)).CopyTo(di[k..]);
                (vdc * new Vector<float>(cp[k..]) * vf * (one - vf)).CopyTo(df[k..]);
                (vdc * vi * (one - vg * vg)).CopyTo(dgg[k..]);
                (vdc * vf).CopyTo(dcr[k..]);
            }
            for (; k < n; k++)
            {
                float vi = i[k], vf = f[k], vg = g[k], vo = o[k], vtc = tc[k], vdh = dhr[k];
                float vdc = dcr[k] + vdh * vo * (1f - vtc * vtc);
                dO[k] = vdh * vtc * vo * (1f - vo);
                di[k] = vdc * vg * vi * (1f - vi);
                df[k] = vdc * cp[k] * vf * (1f - vf);
                dgg[k] = vdc * vi * (1f - vg * vg);
                dcr[k] = vdc * vf;
            }
        }
    }
}
