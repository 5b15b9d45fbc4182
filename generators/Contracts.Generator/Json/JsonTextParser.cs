using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Contracts.Generator.Json;

/// <summary>The first syntax error in a JSON text, with where it is.</summary>
internal readonly record struct JsonSyntaxError(string Message, TextRange Range);

/// <summary>
/// A strict RFC 8259 reader that keeps the position of every value. Written here rather than
/// taken from System.Text.Json because analyzers that load System.Text.Json fail in some hosts,
/// and because diagnostics need positions that JsonDocument does not expose.
/// </summary>
internal sealed class JsonTextParser
{
    private const int MaxDepth = 64;

    private readonly string _text;

    // Reused by every string that holds an escape; the others need no builder at all.
    private readonly StringBuilder _escaped = new();

    // One list per nesting level, reused by every object or array at that level; each value keeps an exact-size copy.
    private readonly List<List<JsonProperty>> _propertyScratch = new();
    private readonly List<List<JsonValue>> _itemScratch = new();
    private int _position;
    private int _depth;

    private JsonTextParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses the whole text; returns the root value, or null and the first syntax error.</summary>
    public static JsonValue? Parse(string text, out JsonSyntaxError? error)
    {
        var parser = new JsonTextParser(text);
        try
        {
            parser.SkipWhitespace();
            var root = parser.ParseValue();
            parser.SkipWhitespace();
            if (parser._position < text.Length)
            {
                throw parser.Fail("unexpected text after the end of the JSON value; a contract file holds exactly one object", 1);
            }

            error = null;
            return root;
        }
        catch (SyntaxException e)
        {
            error = new JsonSyntaxError(e.Message, e.Range);
            return null;
        }
    }

    private JsonValue ParseValue()
    {
        if (_position >= _text.Length)
        {
            throw Fail("unexpected end of file; expected a value", 0);
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
                int start = _position;
                string value = ParseString();
                return new JsonScalar(JsonKind.String, new TextRange(start, _position - start), value);
            case 't':
                return ParseLiteral("true", JsonKind.True);
            case 'f':
                return ParseLiteral("false", JsonKind.False);
            case 'n':
                return ParseLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ParseNumber();
                }

                throw Fail($"unexpected character '{c}'; expected a value (object, array, string, number, true, false or null)", 1);
        }
    }

    private JsonObject ParseObject()
    {
        int start = _position;
        Enter();
        _position++; // '{'
        var properties = Scratch(_propertyScratch);
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            _depth--;
            return new JsonObject(new TextRange(start, _position - start), System.Array.Empty<JsonProperty>());
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Fail(Peek() == '}' ? "trailing comma before '}'; remove the last ','" : "expected a property name in double quotes", 1);
            }

            int nameStart = _position;
            string name = ParseString();
            var nameRange = new TextRange(nameStart, _position - nameStart);
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Fail($"expected ':' after property name \"{name}\"", 1);
            }

            _position++;
            SkipWhitespace();
            var value = ParseValue();
            properties.Add(new JsonProperty(name, nameRange, value));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == '}')
            {
                _position++;
                _depth--;
                return new JsonObject(new TextRange(start, _position - start), properties.ToArray());
            }

            throw Fail("expected ',' or '}' after a property value", 1);
        }
    }

    private JsonArray ParseArray()
    {
        int start = _position;
        Enter();
        _position++; // '['
        var items = Scratch(_itemScratch);
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            _depth--;
            return new JsonArray(new TextRange(start, _position - start), System.Array.Empty<JsonValue>());
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']')
            {
                throw Fail("trailing comma before ']'; remove the last ','", 1);
            }

            items.Add(ParseValue());
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == ']')
            {
                _position++;
                _depth--;
                return new JsonArray(new TextRange(start, _position - start), items.ToArray());
            }

            throw Fail("expected ',' or ']' after an array item", 1);
        }
    }

    private string ParseString()
    {
        int start = _position;
        _position++; // opening quote

        // Most strings of a contract hold no escape and no surrogate: they are cut from the text in
        // one piece. Anything else (escapes, surrogates to check for pairs, errors) goes the long way.
        string text = _text;
        int end = _position;
        while (end < text.Length)
        {
            char c = text[end];
            if (c == '"' || c == '\\' || c < ' ' || char.IsSurrogate(c))
            {
                break;
            }

            end++;
        }

        if (end < text.Length && text[end] == '"')
        {
            string plain = text.Substring(_position, end - _position);
            _position = end + 1;
            return plain;
        }

        var builder = _escaped.Clear();
        builder.Append(_text, _position, end - _position);
        _position = end;
        while (true)
        {
            if (_position >= _text.Length)
            {
                _position = start;
                throw Fail("unterminated string; add the closing '\"'", 1);
            }

            char c = _text[_position];
            if (c == '"')
            {
                _position++;
                string decoded = builder.ToString();
                if (UnpairedSurrogateAt(decoded) is { } index)
                {
                    throw new SyntaxException(
                        $"the string holds an unpaired surrogate (U+{(int)decoded[index]:X4}); JSON text must be valid Unicode",
                        new TextRange(start, _position - start));
                }

                return decoded;
            }

            if (c == '\n' || c == '\r')
            {
                throw Fail("line break inside a string; close the string before the end of the line or write \\n", 1);
            }

            if (c < ' ')
            {
                throw Fail("control character inside a string; escape it", 1);
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            if (_position + 1 >= _text.Length)
            {
                throw Fail("unterminated escape sequence", 1);
            }

            char escape = _text[_position + 1];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 6 > _text.Length
                        || !int.TryParse(_text.Substring(_position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Fail("invalid \\u escape; write four hexadecimal digits", 2);
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw Fail($"invalid escape '\\{escape}'", 2);
            }

            _position += 2;
        }
    }

    private static int? UnpairedSurrogateAt(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private JsonScalar ParseNumber()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Fail("a number needs a digit after '-'", 1);
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw Fail("a number needs a digit after '.'", 1);
            }

            SkipDigits();
        }

        if (Peek() == 'e' || Peek() == 'E')
        {
            _position++;
            if (Peek() == '+' || Peek() == '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw Fail("a number needs a digit in its exponent", 1);
            }

            SkipDigits();
        }

        var range = new TextRange(start, _position - start);
        return new JsonScalar(JsonKind.Number, range, _text.Substring(start, range.Length));
    }

    private JsonScalar ParseLiteral(string literal, JsonKind kind)
    {
        int start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Fail("unexpected word; expected a value (strings need double quotes)", 1);
        }

        _position += literal.Length;
        return new JsonScalar(kind, new TextRange(start, literal.Length), literal);
    }

    /// <summary>The cleared scratch list of the current nesting level.</summary>
    private List<T> Scratch<T>(List<List<T>> levels)
    {
        while (levels.Count < _depth)
        {
            levels.Add(new List<T>());
        }

        var list = levels[_depth - 1];
        list.Clear();
        return list;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Fail($"nesting deeper than {MaxDepth} levels", 1);
        }
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && (_text[_position + 1] == '/' || _text[_position + 1] == '*'))
            {
                throw Fail("comments are not allowed in JSON; put the text in a \"description\" instead", 2);
            }
            else
            {
                return;
            }
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private SyntaxException Fail(string message, int length)
    {
        int start = _position > _text.Length ? _text.Length : _position;
        int available = _text.Length - start;
        return new SyntaxException(message, new TextRange(start, length < available ? length : available));
    }

    private sealed class SyntaxException : System.Exception
    {
        public SyntaxException(string message, TextRange range)
            : base(message)
        {
            Range = range;
        }

        public TextRange Range { get; }
    }
}
