using System.Runtime.CompilerServices;

namespace Taxon.Classification.Text;

/// <summary>
/// The spans a scanner (<see cref="Tokenizer"/>, <see cref="CharNGrams"/>) writes into its caller's buffers: a start
/// and a length into a character buffer, in growable arrays the caller keeps between texts so that scanning does
/// not allocate once they are large enough.
/// </summary>
internal static class TokenSpans
{
    /// <summary>Appends the span (<paramref name="start"/>, <paramref name="length"/>) as item <paramref name="count"/>, growing both arrays when full.</summary>
    // Called once per token on the tokenizer's hot path: inlined, as the loop it replaces was written in place.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(int start, int length, ref int[] starts, ref int[] lengths, ref int count)
    {
        if (count == starts.Length || count == lengths.Length)
        {
            int size = Math.Max(64, count * 2);
            Array.Resize(ref starts, size);
            Array.Resize(ref lengths, size);
        }
        starts[count] = start;
        lengths[count] = length;
        count++;
    }

    /// <summary>The first <paramref name="count"/> spans of <paramref name="buffer"/> as strings, in order.</summary>
    public static List<string> ToStrings(char[] buffer, int[] starts, int[] lengths, int count)
    {
        var result = new List<string>(count);
        for (int k = 0; k < count; k++)
        {
            result.Add(new string(buffer, starts[k], lengths[k]));
        }
        return result;
    }
}
