using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// The wire names of one model's properties, in the contract's order: a generated converter asks
/// which of them the reader is on and switches on the answer, instead of comparing the name with
/// each in turn.
/// </summary>
/// <remarks>
/// Answers usually list properties in the contract's order, so the search starts where the last
/// match left off: on such an answer every name is found with one comparison. Any order is read
/// correctly; escaped names are unescaped first.
/// Generated code is its only intended caller, so it is hidden from IntelliSense.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WirePropertyNames
{
    // Longer names than this are unescaped into a rented buffer rather than on the stack.
    private const int StackLimit = 256;

    private readonly byte[][] _names;

    /// <summary>Creates the table.</summary>
    /// <param name="names">The wire names, in the order whose indices <see cref="IndexOf"/> returns.</param>
    /// <exception cref="ArgumentException">A name is null or appears twice.</exception>
    public WirePropertyNames(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new byte[names.Length][];
        var seen = new HashSet<string>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i] ?? throw new ArgumentException($"The wire name at index {i} is null.", nameof(names));
            if (!seen.Add(name))
            {
                throw new ArgumentException($"The wire name '{name}' appears twice; a property could not be told apart.", nameof(names));
            }

            _names[i] = Encoding.UTF8.GetBytes(name);
        }
    }

    /// <summary>The index of a name given as unescaped UTF-8, or -1.</summary>
    internal int IndexOfName(ReadOnlySpan<byte> unescapedName)
    {
        int next = 0;
        return Find(unescapedName, ref next);
    }

    /// <summary>
    /// The index of the property name the reader is on, or -1 for a name this model does not declare.
    /// </summary>
    /// <param name="reader">A reader on a property name.</param>
    /// <param name="next">
    /// Where to look first: start each object at 0 and pass the same variable for each of its
    /// properties. After a match it is the index that follows, the likeliest next name.
    /// </param>
    /// <returns>The name's index in the table, or -1.</returns>
    public int IndexOf(ref Utf8JsonReader reader, ref int next)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return IndexOfUnescaped(ref reader, ref next);
        }

        return Find(reader.ValueSpan, ref next);
    }

    // Inlined into IndexOf: it runs for every property of every answer.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ReadOnlySpan<byte> name, ref int next)
    {
        var names = _names;
        int start = (uint)next < (uint)names.Length ? next : 0;
        for (int i = start; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                next = i + 1;
                return i;
            }
        }

        for (int i = 0; i < start; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                next = i + 1;
                return i;
            }
        }

        return -1;
    }

    /// <summary>A name written with escapes (<c>"video\u005fno"</c>) or split across buffers, compared once unescaped.</summary>
    private int IndexOfUnescaped(ref Utf8JsonReader reader, ref int next)
    {
        long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(checked((int)length)));
        try
        {
            // Unescaping never lengthens a name, so the buffer always holds it.
            int written = reader.CopyString(buffer);
            return Find(buffer[..written], ref next);
        }
        catch (InvalidOperationException)
        {
            // A name that is no valid text (a lone surrogate escape) is no declared name: skipped like any unknown one.
            return -1;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
