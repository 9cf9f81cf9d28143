using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// The GRU cell's element-wise part in PyTorch's form, n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)): the reset gate
/// multiplies the recurrent projection including its bias, which is why b_hh cannot be folded into the input
/// projection as it is for the LSTM. The backward is one pass over each row (Vector512, then Vector256, then scalar, as
/// <see cref="VectorLoop"/>, honouring its forced width) and uses the saved gate outputs.
/// </summary>
internal static class GruCellKernel
{
    private static bool Use512 => VectorLoop.ForcedWidth == 0 ? Vector512.IsHardwareAccelerated : VectorLoop.ForcedWidth == 512;

    private static bool Use256 => VectorLoop.ForcedWidth == 0 ? Vector256.IsHardwareAccelerated : VectorLoop.ForcedWidth == 256;

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
        nuint n = (nuint)hidden;
        for (int row = 0; row < rows; row++)
        {
            ref float r = ref MemoryMarshal.GetReference(acts.Slice(row * 3 * hidden, 3 * hidden));
            ref float z = ref Unsafe.Add(ref r, n);
            ref float nn = ref Unsafe.Add(ref r, 2 * n);
            ref float gn = ref MemoryMarshal.GetReference(ghn.Slice(row * hidden, hidden));
            ref float hp = ref MemoryMarshal.GetReference(hPrev.Slice(row * hidden, hidden));
            ref float dhr = ref MemoryMarshal.GetReference(dh.Slice(row * hidden, hidden));
            ref float gxr = ref MemoryMarshal.GetReference(dGx.Slice(row * 3 * hidden, 3 * hidden));
            ref float gxz = ref Unsafe.Add(ref gxr, n);
            ref float gxn = ref Unsafe.Add(ref gxr, 2 * n);
            ref float ghr = ref MemoryMarshal.GetReference(dGh.Slice(row * 3 * hidden, 3 * hidden));
            ref float ghz = ref Unsafe.Add(ref ghr, n);
            ref float ghnOut = ref Unsafe.Add(ref ghr, 2 * n);
            ref float dp = ref MemoryMarshal.GetReference(dhPrev.Slice(row * hidden, hidden));
            nuint k = 0;
            if (Use512)
            {
                var one = Vector512<float>.One;
                for (; k + 16 <= n; k += 16)
                {
                    Vector512<float> vr = Vector512.LoadUnsafe(ref r, k), vz = Vector512.LoadUnsafe(ref z, k), vn = Vector512.LoadUnsafe(ref nn, k);
                    Vector512<float> vdh = Vector512.LoadUnsafe(ref dhr, k);
                    Vector512<float> dnPre = vdh * (one - vz) * (one - vn * vn);
                    Vector512<float> dzPre = vdh * (Vector512.LoadUnsafe(ref hp, k) - vn) * vz * (one - vz);
                    Vector512<float> drPre = dnPre * Vector512.LoadUnsafe(ref gn, k) * vr * (one - vr);
                    drPre.StoreUnsafe(ref gxr, k);
                    drPre.StoreUnsafe(ref ghr, k);
                    dzPre.StoreUnsafe(ref gxz, k);
                    dzPre.StoreUnsafe(ref ghz, k);
                    dnPre.StoreUnsafe(ref gxn, k);
                    (dnPre * vr).StoreUnsafe(ref ghnOut, k);
                    (vdh * vz).StoreUnsafe(ref dp, k);
                }
            }
            else if (Use256)
            {
                var one = Vector256<float>.One;
                for (; k + 8 <= n; k += 8)
                {
                    Vector256<float> vr = Vector256.LoadUnsafe(ref r, k), vz = Vector256.LoadUnsafe(ref z, k), vn = Vector256.LoadUnsafe(ref nn, k);
                    Vector256<float> vdh = Vector256.LoadUnsafe(ref dhr, k);
                    Vector256<float> dnPre = vdh * (one - vz) * (one - vn * vn);
                    Vector256<float> dzPre = vdh * (Vector256.LoadUnsafe(ref hp, k) - vn) * vz * (one - vz);
                    Vector256<float> drPre = dnPre * Vector256.LoadUnsafe(ref gn, k) * vr * (one - vr);
                    drPre.StoreUnsafe(ref gxr, k);
                    drPre.StoreUnsafe(ref ghr, k);
                    dzPre.StoreUnsafe(ref gxz, k);
                    dzPre.StoreUnsafe(ref ghz, k);
                    dnPre.StoreUnsafe(ref gxn, k);
                    (dnPre * vr).StoreUnsafe(ref ghnOut, k);
                    (vdh * vz).StoreUnsafe(ref dp, k);
                }
            }
            for (; k < n; k++)
            {
                float vr = Unsafe.Add(ref r, k), vz = Unsafe.Add(ref z, k), vn = Unsafe.Add(ref nn, k), vdh = Unsafe.Add(ref dhr, k);
                float dnPre = vdh * (1f - vz) * (1f - vn * vn);
                float dzPre = vdh * (Unsafe.Add(ref hp, k) - vn) * vz * (1f - vz);
                float drPre = dnPre * Unsafe.Add(ref gn, k) * vr * (1f - vr);
                Unsafe.Add(ref gxr, k) = drPre;
                Unsafe.Add(ref ghr, k) = drPre;
                Unsafe.Add(ref gxz, k) = dzPre;
                Unsafe.Add(ref ghz, k) = dzPre;
                Unsafe.Add(ref gxn, k) = dnPre;
                Unsafe.Add(ref ghnOut, k) = dnPre * vr;
                Unsafe.Add(ref dp, k) = vdh * vz;
            }
        }
    }
}
