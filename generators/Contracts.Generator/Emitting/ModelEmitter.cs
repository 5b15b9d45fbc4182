using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>Emits a model's record and its <c>JsonConverter</c>.</summary>
internal static class ModelEmitter
{
    public static string EmitModel(ObjectModel model, string ns)
    {
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, DocComment.Described(model.Description, $"The {model.Name} model."));
        writer.Line(CSharp.GeneratedCodeAttribute);
        if (!model.HasFiles)
        {
            // A model with files travels only in multipart requests: it has no JSON form.
            writer.Line($"[{KnownTypes.JsonConverter}(typeof({CSharp.TypeName(ns, GeneratedNames.Converter(model.Name))}))]");
        }

        using (writer.Block($"public sealed partial record {model.Name}"))
        {
            bool first = true;
            foreach (var field in model.Fields)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                WriteProperty(writer, field, ns);
            }

            if (model.IsForm)
            {
                if (!first)
                {
                    writer.Line();
                }

                WriteToFormContent(writer, model, ns);
            }
        }

        return writer.ToString();
    }

    /// <summary>
    /// The model as a form: each field under its wire name as the text <c>WireText</c> gives it,
    /// arrays as repeated fields, optional values that are null left out. Properties are read through
    /// <c>this.</c>, so no field name can be shadowed by the method's own locals.
    /// </summary>
    private static void WriteToFormContent(SourceWriter writer, ObjectModel model, string ns)
    {
        writer.Lines($$"""
            /// <summary>
            /// The model as an <c>application/x-www-form-urlencoded</c> body: each field under its wire
            /// name, arrays as repeated fields, optional values that are null left out.
            /// </summary>
            /// <returns>The body, for the Refit method's <c>[Body] HttpContent</c> parameter.</returns>
            /// <exception cref="{{KnownTypes.ArgumentException}}">A required member is null, or an enum member has no wire value.</exception>
            """);
        using (writer.Block($"public {KnownTypes.FormUrlEncodedContent} ToFormContent()"))
        {
            string pair = $"{KnownTypes.KeyValuePair}<string, string>";
            writer.Line($"var fields = new {KnownTypes.List}<{pair}>();");
            foreach (var field in model.Fields)
            {
                string name = CSharp.StringLiteral(field.WireName);
                string value = "this." + field.PropertyName;
                if (field.Type.IsArray)
                {
                    using (writer.Block($"foreach (var item in {value})"))
                    {
                        writer.Line($"fields.Add(new {pair}({name}, {FormText(field, "item", "this", model, ns)}));");
                    }

                    writer.Line();
                }
                else if (field.Required && !CSharp.IsValueType(field.Type))
                {
                    writer.Line($"{KnownTypes.WireJson}.RequireField({value}, {CSharp.StringLiteral(model.Name)}, {name});");
                    writer.Line($"fields.Add(new {pair}({name}, {FormText(field, value, "this", model, ns)}));");
                }
                else if (field.Required)
                {
                    writer.Line($"fields.Add(new {pair}({name}, {FormText(field, value, "this", model, ns)}));");
                }
                else if (CSharp.IsValueType(field.Type))
                {
                    using (writer.Block($"if ({value}.HasValue)"))
                    {
                        writer.Line($"fields.Add(new {pair}({name}, {FormText(field, value + ".Value", "this", model, ns)}));");
                    }

                    writer.Line();
                }
                else
                {
                    using (writer.Block($"if ({value} is not null)"))
                    {
                        writer.Line($"fields.Add(new {pair}({name}, {FormText(field, value, "this", model, ns)}));");
                    }

                    writer.Line();
                }
            }

            var last = model.Fields.Count == 0 ? null : model.Fields[model.Fields.Count - 1];
            if (last is not null && !last.Type.IsArray && last.Required)
            {
                writer.Line();   // a block already ends with one
            }

            writer.Line($"return new {KnownTypes.FormUrlEncodedContent}(fields);");
        }
    }

    /// <summary>The text a form field or a multipart part carries for a value (or array item) of the field's type.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value's expression.</param>
    /// <param name="owner">The model's expression (<c>this</c>, <c>request</c>), whose kept wire value a single enum writes back.</param>
    /// <param name="model">The model, for error messages.</param>
    /// <param name="ns">The namespace.</param>
    internal static string FormText(FieldModel field, string value, string owner, ObjectModel model, string ns)
    {
        var type = field.Type;
        return type.Kind switch
        {
            TypeKind.String => value,
            TypeKind.Duration or TypeKind.Timestamp => $"{KnownTypes.WireText}.Of({value}, {CSharp.Unit(type)})",
            TypeKind.Enum => !type.IsArray
                ? $"{CSharp.TypeName(ns, GeneratedNames.EnumExtensions(type.Name!))}.ToWireValue({value}, {owner}.{GeneratedNames.WireValue(field.PropertyName)}) ?? throw new {KnownTypes.ArgumentException}({CSharp.StringLiteral(model.Name + "." + field.WireName + " has no wire value: the member is the enum's unknown one.")})"
                : $"{CSharp.TypeName(ns, GeneratedNames.EnumExtensions(type.Name!))}.ToWireValue({value}) ?? throw new {KnownTypes.ArgumentException}({CSharp.StringLiteral(model.Name + "." + field.WireName + " holds a member without a wire value: the enum's unknown one.")})",
            _ => $"{KnownTypes.WireText}.Of({value})",
        };
    }

    private static void WriteProperty(SourceWriter writer, FieldModel field, string ns)
    {
        string wire = "Wire name " + DocComment.Code(field.WireName) + WireFormText(field) + ".";
        DocComment.Write(writer, DocComment.Described(field.Description, $"The {DocComment.Escape(field.WireName)} field."), wire);
        string type = CSharp.PropertyType(field, ns);
        if (field.Type.IsArray)
        {
            string element = CSharp.ElementType(field.Type, ns);
            writer.Line($"public {type} {field.PropertyName} {{ get; init; }} = {KnownTypes.Array}.Empty<{element}>();");
        }
        else
        {
            writer.Line($"public {(field.Required ? "required " : string.Empty)}{type} {field.PropertyName} {{ get; init; }}");
        }

        if (field.Type is { Kind: TypeKind.Enum, IsArray: true })
        {
            writer.Line();
            DocComment.Write(
                writer,
                $"The {DocComment.Escape(field.WireName)} values exactly as received, in order (empty when the answer had none; null on a value built in code), kept so that values the contract does not list are not lost.",
                "Each is written back when it still designates the member at its index; otherwise the member's own wire value is written.");
            writer.Line($"public {KnownTypes.ReadOnlyList}<string>? {GeneratedNames.WireValues(field.PropertyName)} {{ get; init; }}");
        }

        if (field.Type is { Kind: TypeKind.Enum, IsArray: false })
        {
            writer.Line();
            DocComment.Write(
                writer,
                $"The {DocComment.Escape(field.WireName)} value exactly as received, kept so that a value the contract does not list is not lost when <see cref=\"{field.PropertyName}\"/> is <c>Unknown</c>.",
                "Written back when it still designates the same member; otherwise the member's own wire value is written.");
            writer.Line($"public string? {GeneratedNames.WireValue(field.PropertyName)} {{ get; init; }}");
        }
    }

    private static string WireFormText(FieldModel field)
    {
        var type = field.Type;
        string unit = type.Unit == WireTimeUnit.Seconds ? "seconds" : "milliseconds";
        string form = type.Encoding == WireEncoding.String ? "a JSON string" : "a JSON number";
        return type.Kind switch
        {
            TypeKind.Duration => $"; {unit}, written as {form}, read from a string or a number",
            TypeKind.Timestamp => $"; {unit} since the Unix epoch, written as {form}, read from a string or a number",
            _ when PrimitiveTypes.Of(type.Kind) is { IsNumber: true } => $"; written as {form}, read from a string or a number",
            _ => string.Empty,
        } + (field.Type.IsArray ? "; a missing or null array reads as empty" : string.Empty);
    }

    public static string EmitConverter(ObjectModel model, string ns)
    {
        string type = CSharp.TypeName(ns, model.Name);
        string converter = GeneratedNames.Converter(model.Name);
        var writer = SourceWriter.ForFile(ns);
        DocComment.Write(writer, $"Reads and writes <see cref=\"{type}\"/> in its wire form, without reflection.");
        writer.Line(CSharp.GeneratedCodeAttribute);
        writer.Line(CSharp.HiddenFromIntelliSense);
        using (writer.Block($"public sealed class {converter} : {KnownTypes.JsonConverter}<{type}>"))
        {
            ConverterOverrides.Write(writer, converter, type, type + "?", "ReadValue(ref reader)");
            writer.Line();
            var locals = GeneratedNames.FieldLocals(model.Fields.Select(f => f.PropertyName).ToList());
            var cases = Cases(model, locals, ns);
            if (model.Fields.Count > 0)
            {
                PropertySwitch.WriteNames(writer, cases);
                writer.Line();
            }

            WriteReadValue(writer, model, type, ns, locals, cases);
            writer.Line();
            WriteWriteValue(writer, model, type, ns);
        }

        return writer.ToString();
    }

    private static void WriteReadValue(SourceWriter writer, ObjectModel model, string type, string ns, IReadOnlyDictionary<string, string> locals, List<PropertyCase> cases)
    {
        DocComment.Write(writer, "Reads one value at the reader's current token; <see langword=\"null\"/> for a JSON null. Unknown properties are skipped.");
        using (writer.Block($"public static {type}? ReadValue(ref {KnownTypes.Utf8JsonReader} reader)"))
        {
            writer.Lines($$"""
                if (reader.TokenType == {{KnownTypes.JsonTokenType}}.Null)
                {
                    return null;
                }

                {{KnownTypes.WireJson}}.ExpectStartObject(ref reader, {{CSharp.StringLiteral(model.Name)}});
                """);
            foreach (var field in model.Fields)
            {
                writer.Line($"{LocalType(field, ns)} {locals[field.PropertyName]} = {(field.Type.IsArray ? "null" : "default")};");
            }

            if (model.Fields.Count == 0)
            {
                using (writer.Block($"while ({KnownTypes.WireJson}.NextProperty(ref reader))"))
                {
                    writer.Line($"{KnownTypes.WireJson}.SkipValue(ref reader);");
                }
            }
            else
            {
                PropertySwitch.WriteLoop(writer, model.Name, cases);
            }

            writer.Line();
            using (writer.Block($"return new {type}", closing: "};"))
            {
                foreach (var field in model.Fields)
                {
                    writer.Line($"{field.PropertyName} = {ValueExpression(field, locals[field.PropertyName], model, ns)},");
                    if (field.Type.Kind == TypeKind.Enum)
                    {
                        writer.Line(field.Type.IsArray
                            ? $"{GeneratedNames.WireValues(field.PropertyName)} = {locals[field.PropertyName]} ?? {KnownTypes.Array}.Empty<string>(),"
                            : $"{GeneratedNames.WireValue(field.PropertyName)} = {locals[field.PropertyName]},");
                    }
                }
            }
        }
    }

    /// <summary>Each field as a case of the property switch: its wire name, its local and how it is read.</summary>
    private static List<PropertyCase> Cases(ObjectModel model, IReadOnlyDictionary<string, string> locals, string ns)
    {
        var cases = new List<PropertyCase>(model.Fields.Count);
        foreach (var field in model.Fields)
        {
            cases.Add(new PropertyCase(field.WireName, locals[field.PropertyName], ReadExpression(field.Type, ns), field.Aliases.Count > 0 ? field.Aliases : null));
        }

        return cases;
    }

    /// <summary>The local that collects a field while reading: enums are collected as their raw text.</summary>
    private static string LocalType(FieldModel field, string ns)
    {
        if (field.Type.IsArray)
        {
            return $"{KnownTypes.ReadOnlyList}<{(field.Type.Kind == TypeKind.Enum ? "string" : CSharp.ElementType(field.Type, ns))}>?";
        }

        return field.Type.Kind == TypeKind.Enum ? "string?" : CSharp.ElementType(field.Type, ns) + "?";
    }

    private static string ReadExpression(TypeRef type, string ns)
    {
        if (type.Kind == TypeKind.Enum)
        {
            // Known wire values come back as shared literals: only unknown ones allocate a string.
            string extensions = CSharp.TypeName(ns, GeneratedNames.EnumExtensions(type.Name!));
            return type.IsArray ? $"{KnownTypes.WireJson}.ReadArray(ref reader, {extensions}.ReadWireValue)" : $"{extensions}.ReadWireValue(ref reader)";
        }

        if (!type.IsArray)
        {
            return ElementRead(type, ns, "reader");
        }

        string itemReader = NeedsArguments(type)
            ? $"static (ref {KnownTypes.Utf8JsonReader} item) => {ElementRead(type, ns, "item")}"
            : ElementReadMethod(type, ns);
        string method = CSharp.IsValueType(type) ? "ReadValueArray" : "ReadArray";
        return $"{KnownTypes.WireJson}.{method}(ref reader, {itemReader})";
    }

    private static bool NeedsArguments(TypeRef type) => PrimitiveTypes.Of(type.Kind) is { HasUnit: true };

    /// <summary>A read call for one element from the reader variable <paramref name="reader"/>.</summary>
    private static string ElementRead(TypeRef type, string ns, string reader) => NeedsArguments(type)
        ? $"{ElementReadMethod(type, ns)}(ref {reader}, {CSharp.Unit(type)})"
        : $"{ElementReadMethod(type, ns)}(ref {reader})";

    /// <summary>The method that reads one element.</summary>
    private static string ElementReadMethod(TypeRef type, string ns) =>
        PrimitiveTypes.Of(type.Kind)?.ReadMethod is { } read ? KnownTypes.WireJson + "." + read : Converter(type, ns) + ".ReadValue";

    private static string ValueExpression(FieldModel field, string local, ObjectModel model, string ns)
    {
        if (field.Type is { Kind: TypeKind.Enum, IsArray: true })
        {
            return $"{KnownTypes.WireJson}.Members({local}, {CSharp.TypeName(ns, GeneratedNames.EnumExtensions(field.Type.Name!))}.FromWireValue)";
        }

        if (field.Type.IsArray)
        {
            return $"{local} ?? {KnownTypes.Array}.Empty<{CSharp.ElementType(field.Type, ns)}>()";
        }

        string value = local;
        if (field.Required)
        {
            value = $"{local} ?? throw {KnownTypes.WireJson}.MissingProperty({CSharp.StringLiteral(model.Name)}, {CSharp.StringLiteral(field.WireName)})";
        }

        if (field.Type.Kind == TypeKind.Enum)
        {
            string parse = $"{CSharp.TypeName(ns, GeneratedNames.EnumExtensions(field.Type.Name!))}.FromWireValue";
            return field.Required ? $"{parse}({value})" : $"{local} is null ? null : {parse}({local})";
        }

        return value;
    }

    private static void WriteWriteValue(SourceWriter writer, ObjectModel model, string type, string ns)
    {
        DocComment.Write(writer, "Writes one value in its wire form; optional values that are null are left out.");
        writer.Line($"/// <exception cref=\"{KnownTypes.ArgumentException}\">A required member is null.</exception>");
        using (writer.Block($"public static void WriteValue({KnownTypes.Utf8JsonWriter} writer, {type} value)"))
        {
            // A required member left null is the caller's mistake: said before anything is written (or sent).
            foreach (var field in model.Fields.Where(f => f.Required && !f.Type.IsArray && !CSharp.IsValueType(f.Type)))
            {
                writer.Line($"{KnownTypes.WireJson}.RequireField(value.{field.PropertyName}, {CSharp.StringLiteral(model.Name)}, {CSharp.StringLiteral(field.WireName)});");
            }

            writer.Line("writer.WriteStartObject();");
            foreach (var field in model.Fields)
            {
                writer.Line(WriteStatement(field, ns));
            }

            writer.Line("writer.WriteEndObject();");
        }
    }

    private static string WriteStatement(FieldModel field, string ns)
    {
        string name = CSharp.Utf8Literal(field.WireName);
        string value = "value." + field.PropertyName;
        var type = field.Type;
        if (type is { Kind: TypeKind.Enum, IsArray: true })
        {
            string extensions = CSharp.TypeName(ns, GeneratedNames.EnumExtensions(type.Name!));
            return $"{KnownTypes.WireJson}.WriteEnumArray(writer, {name}, {value}, {GeneratedNames.WireValues(value)}, static (member, received) => {extensions}.ToWireValue(member, received));";
        }

        if (type.IsArray)
        {
            return $"{KnownTypes.WireJson}.WriteArray(writer, {name}, {value}, {ElementWriter(type, ns)});";
        }

        if (type.Kind == TypeKind.Enum)
        {
            return $"{KnownTypes.WireJson}.WriteString(writer, {name}, {CSharp.TypeName(ns, GeneratedNames.EnumExtensions(type.Name!))}.ToWireValue({value}, {GeneratedNames.WireValue(value)}));";
        }

        if (PrimitiveTypes.Of(type.Kind) is { WriteMethod: { } write } primitive)
        {
            string unit = primitive.HasUnit ? ", " + CSharp.Unit(type) : string.Empty;
            string encoding = primitive.IsNumber || primitive.HasUnit ? ", " + CSharp.Encoding(type) : string.Empty;
            return $"{KnownTypes.WireJson}.{write}(writer, {name}, {value}{unit}{encoding});";
        }

        return $"{KnownTypes.WireJson}.WriteObject(writer, {name}, {value}, {Converter(type, ns)}.WriteValue);";
    }

    /// <summary>The writer of one array item: a method group where one fits, else a static lambda.</summary>
    private static string ElementWriter(TypeRef type, string ns) => type.Kind is TypeKind.Model or TypeKind.Enum
        ? $"{Converter(type, ns)}.WriteValue"
        : "static (writer, item) => " + PrimitiveTypes.Of(type).WriteValue("writer", "item", type);

    private static string Converter(TypeRef type, string ns) => CSharp.TypeName(ns, GeneratedNames.Converter(type.Name!));
}
