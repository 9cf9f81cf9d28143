using System.Numerics;
using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>
/// The GRU cell's element-wise part in PyTorch's form, n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)): the reset gate
/// multiplies the recurrent projection including its bias, which is why b_hh cannot be folded into the input
/// projection as it is for the LSTM. One pass per row; the backward uses the saved gate outputs.
/// </summary>
internal static class GruCellKernel
{
    public static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> bhh, Span<float> h, Span<float> acts,
        Span<float> ghn, int rows, int hidden)
    {
        int n = hidden;
        var tanh = new TanhOperator();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = gx.Slice(r * 3 * n, 3 * n), hr = gh.Slice(r * 3 * n, 3 * n);
            Span<float> ar = acts.Slice(r * 3 * n, 3 * n);
            Span<float> rz = ar[..(2 * n)], nn = ar.Slice(2 * n, n), ghnr = ghn.Slice(r * n, n);
            TensorPrimitives.Add(xr[..(2 * n)], hr[..(2 * n)], rz);
            if (!bhh.IsEmpty)
            {
                TensorPrimitives.Add(rz, bhh[..(2 * n)], rz);
                TensorPrimitives.Add(hr.Slice(2 * n, n), bhh.Slice(2 * n, n), ghnr);
            }
            else
            {
                hr.Slice(2 * n, n).CopyTo(ghnr);
            }
            if (n > 0)
            {
                TensorPrimitives.Sigmoid(rz, rz);
            }
            TensorPrimitives.FusedMultiplyAdd(rz[..n], ghnr, xr.Slice(2 * n, n), nn);
            tanh.Invoke(nn, nn);
            // h' = n + z⊙(h − n)
            Span<float> state = h.Slice(r * n, n);
            TensorPrimitives.Subtract(state, nn, state);
            TensorPrimitives.FusedMultiplyAdd(rz.Slice(n, n), state, nn, state);
        }
    }

    public static void Backward(ReadOnlySpan<float> acts, ReadOnlySpan<float> ghn, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> dh,
        Span<float> dGx, Span<float> dGh, Span<float> dhPrev, int rows, int hidden)
    {
        int n = hidden;
        int width = Vector.IsHardwareAccelerated ? Vector<float>.Count : int.MaxValue;
        var one = Vector<float>.One;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> ar = acts.Slice(row * 3 * n, 3 * n);
            ReadOnlySpan<float> r = ar[..n], z = ar.Slice(n, n), nn = ar.Slice(2 * n, n);
            ReadOnlySpan<float> ghnr = ghn.Slice(row * n, n), hp = hPrev.Slice(row * n, n), dhr = dh.Slice(row * n, n);
            Span<float> gx = dGx.Slice(row * 3 * n, 3 * n), gh = dGh.Slice(row * 3 * n, 3 * n), dp = dhPrev.Slice(row * n, n);
            Span<float> gxr = gx[..n], gxz = gx.Slice(n, n), gxn = gx.Slice(2 * n, n);
            Span<float> ghr = gh[..n], ghz = gh.Slice(n, n), ghnOut = gh.Slice(2 * n, n);
            int k = 0;
            for (; k + width <= n; k += width)
            {
                var vr = new Vector<float>(r[k..]);
                var vz = new Vector<float>(z[k..]);
                var vn = new Vector<float>(nn[k..]);
                var vdh = new Vector<float>(dhr[k..]);
                var dnPre = vdh * (one - vz) * (one - vn * vn);
                var dzPre = vdh * (new Vector<float>(hp[k..]) - vn) * vz * (one - vz);
                var drPre = dnPre * new Vector<float>(ghnr[k..]) * vr * (one - vr);
                drPre.CopyTo(gxr[k..]);
                drPre.CopyTo(ghr[k..]);
                dzPre.CopyTo(gxz[k..]);
                dzPre.CopyTo(ghz[k..]);
                dnPre.CopyTo(gxn[k..]);
                (dnPre * vr).CopyTo(ghnOut[k..]);
                (vdh * vz).CopyTo(dp[k..]);
            }
            for (; k < n; k++)
            {
                float vr = r[k], vz = z[k], vn = nn[k], vdh = dhr[k];
                float dnPre = vdh * (1f - vz) * (1f - vn * vn);
                float dzPre = vdh * (hp[k] - vn) * vz * (1f - vz);
                float drPre = dnPre * ghnr[k] * vr * (1f - vr);
                gxr[k] = drPre;
                ghr[k] = drPre;
                gxz[k] = dzPre;
                ghz[k] = dzPre;
                gxn[k] = dnPre;
                ghnOut[k] = dnPre * vr;
                dp[k] = vdh * vz;
            }
        }
    }
}
