namespace Taxon.Tuning.Samplers;

/// <summary>
/// NumPy 1.24's default <c>np.argsort</c> (kind "quicksort": an introsort) for float64, reproduced step for step.
/// It is not stable: among equal values, arrays of more than 16 elements come out in an order of its own. Optuna 3.1's Parzen
/// estimator gives each kernel the larger gap to its sorted neighbours through this argsort, so among tied values
/// (common for integer, stepped and repeated parameters) which observation gets which width, and with the weights
/// ramp which weight goes with that width, follows this order; a stable sort would give other densities.
/// </summary>
internal static class NumpyArgsort
{
    // NumPy's SMALL_QUICKSORT: partitions of up to 16 elements are insertion-sorted, which keeps ties in order.
    private const int SmallQuicksort = 15;

    /// <summary>The indices that sort <paramref name="values"/> (no NaNs), in NumPy's order among equal values.</summary>
    public static int[] Argsort(double[] values)
    {
        int num = values.Length;
        var tosort = new int[num];
        for (int i = 0; i < num; i++)
        {
            tosort[i] = i;
        }
        if (num < 2)
        {
            return tosort;
        }
        // numpy/core/src/npysort/quicksort.cpp, aquicksort_: indices into tosort stand for its pointers.
        var stack = new int[128];
        var depthStack = new int[128];
        int sptr = 0, psdepth = 0;
        int pl = 0, pr = num - 1;
        int cdepth = Msb(num) * 2;
        for (;;)
        {
            if (cdepth < 0)
            {
                Heapsort(values, tosort, pl, pr - pl + 1);
                goto StackPop;
            }
            while (pr - pl > SmallQuicksort)
            {
                int pm = pl + ((pr - pl) >> 1);
                if (values[tosort[pm]] < values[tosort[pl]])
                {
                    Swap(tosort, pm, pl);
                }
                if (values[tosort[pr]] < values[tosort[pm]])
                {
                    Swap(tosort, pr, pm);
                }
                if (values[tosort[pm]] < values[tosort[pl]])
                {
                    Swap(tosort, pm, pl);
                }
                double vp = values[tosort[pm]];
                int pi = pl;
                int pj = pr - 1;
                Swap(tosort, pm, pj);
                for (;;)
                {
                    do
                    {
                        ++pi;
                    }
                    while (values[tosort[pi]] < vp);
                    do
                    {
                        --pj;
                    }
                    while (vp < values[tosort[pj]]);
                    if (pi >= pj)
                    {
                        break;
                    }
                    Swap(tosort, pi, pj);
                }
                Swap(tosort, pi, pr - 1);
                // Push the larger partition, go on with the smaller.
                if (pi - pl < pr - pi)
                {
                    stack[sptr++] = pi + 1;
                    stack[sptr++] = pr;
                    pr = pi - 1;
                }
                else
                {
                    stack[sptr++] = pl;
                    stack[sptr++] = pi - 1;
                    pl = pi + 1;
                }
                depthStack[psdepth++] = --cdepth;
            }
            for (int pi = pl + 1; pi <= pr; ++pi)
            {
                int vi = tosort[pi];
                double v = values[vi];
                int pj = pi;
                int pk = pi - 1;
                while (pj > pl && v < values[tosort[pk]])
                {
                    tosort[pj--] = tosort[pk--];
                }
                tosort[pj] = vi;
            }
        StackPop:
            if (sptr == 0)
            {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depthStack[--psdepth];
        }
        return tosort;
    }

    /// <summary>
    /// NumPy's aheapsort_ over tosort[start .. start + n), the fallback when the quicksort recurses too deep (only
    /// adversarial orders get there; the tests reach it with McIlroy's quicksort killer).
    /// </summary>
    private static void Heapsort(double[] values, int[] tosort, int start, int n)
    {
        // NumPy indexes the heap from 1: a[k] is tosort[start + k - 1].
        int a0 = start - 1;
        for (int l = n >> 1; l > 0; --l)
        {
            SiftDown(values, tosort, a0, l, n, tosort[a0 + l]);
        }
        while (n > 1)
        {
            int tmp = tosort[a0 + n];
            tosort[a0 + n] = tosort[a0 + 1];
            n -= 1;
            SiftDown(values, tosort, a0, 1, n, tmp);
        }
    }

    /// <summary>Sinks <paramref name="tmp"/> from heap slot <paramref name="i"/> of the 1-based heap a[1 .. n] (a[k] is tosort[a0 + k]), as NumPy's loops do.</summary>
    private static void SiftDown(double[] values, int[] tosort, int a0, int i, int n, int tmp)
    {
        for (int j = i << 1; j <= n;)
        {
            if (j < n && values[tosort[a0 + j]] < values[tosort[a0 + j + 1]])
            {
                j++;
            }
            if (values[tmp] < values[tosort[a0 + j]])
            {
                tosort[a0 + i] = tosort[a0 + j];
                i = j;
                j += j;
            }
            else
            {
                break;
            }
        }
        tosort[a0 + i] = tmp;
    }

    /// <summary>NumPy's npy_get_msb: floor(log2(n)).</summary>
    private static int Msb(int n)
    {
        int depth = 0;
        while ((n >>= 1) != 0)
        {
            depth++;
        }
        return depth;
    }

    private static void Swap(int[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
