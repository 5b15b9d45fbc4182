using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>An endpoint's request body: a JSON model or array (<c>body</c>), a form (<c>form</c>) or a multipart request (<c>multipart</c>).</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] BodyKeys = { "body", "form", "multipart" };

    private readonly record struct RequestBody(bool Ok, BodyKind Kind, ObjectModel? Model, TypeRef? Array);

    /// <summary>The request body: only POST, PUT and PATCH carry one, and only one of its three forms.</summary>
    private RequestBody ReadRequestBody(JsonObject node, string where, string? method, Dictionary<string, ObjectModel> models)
    {
        var given = BodyKeys.Select(key => node.Find(key)).Where(p => p is not null).Select(p => p!).ToList();
        if (given.Count == 0)
        {
            return new RequestBody(true, BodyKind.None, null, null);
        }

        if (given.Count > 1)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, given[1].NameRange, given[1].Name, where, "one of \"body\", \"form\" and \"multipart\": a request has one body");
            return default;
        }

        string key = given[0].Name;
        if (method is not null && !BodyMethods.Contains(method))
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, given[0].NameRange, key, where, "no \"" + key + "\" on a " + method + " endpoint (only POST, PUT and PATCH send a body)");
            return default;
        }

        var text = _reader.String(node, key, where);
        if (text is null)
        {
            return default;
        }

        var kind = key switch { "form" => BodyKind.Form, "multipart" => BodyKind.Multipart, _ => BodyKind.Json };
        if (models.TryGetValue(text.Text, out var model))
        {
            return FitsBody(model, kind, text) ? new RequestBody(true, kind, model, null) : default;
        }

        var type = ResolveType(text, allowModels: true);
        if (type is null)
        {
            return default;
        }

        if (kind == BodyKind.Json && type.IsArray && type.Kind != TypeKind.File && (type.Kind != TypeKind.Model || (models.TryGetValue(type.Name!, out var item) && !item.HasFiles)))
        {
            return new RequestBody(true, BodyKind.Json, null, type);
        }

        string expected = kind == BodyKind.Json
            ? "the name of a model declared in this contract, or an array such as \"string[]\" for a bare JSON array"
            : "the name of a model declared in this contract";
        _reader.Report(DiagnosticDescriptors.InvalidValue, text.Range, text.Text, key, expected);
        return default;
    }

    /// <summary>
    /// Whether a model can travel as this kind of body: a form holds scalars and enums (arrays as
    /// repeated fields), a multipart request also files, JSON anything but files.
    /// </summary>
    private bool FitsBody(ObjectModel model, BodyKind kind, JsonScalar at)
    {
        string? problem = null;
        foreach (var field in model.Fields)
        {
            problem = (kind, field.Type.Kind) switch
            {
                (BodyKind.Json, TypeKind.File) => "field '" + field.WireName + "' is a file, which only a \"multipart\" request can send",
                (BodyKind.Form, TypeKind.File) => "field '" + field.WireName + "' is a file, which only a \"multipart\" request can send",
                (BodyKind.Form or BodyKind.Multipart, TypeKind.Model) => "field '" + field.WireName + "' is a model; form and multipart fields are scalars, enums and files, or arrays of them",
                _ => null,
            };
            if (problem is not null)
            {
                break;
            }
        }

        if (problem is null)
        {
            return true;
        }

        string key = kind switch { BodyKind.Form => "form", BodyKind.Multipart => "multipart", _ => "body" };
        _reader.Report(DiagnosticDescriptors.InvalidValue, at.Range, at.Text, key, "a model that can travel this way: in '" + model.Name + "', " + problem);
        return false;
    }
}
