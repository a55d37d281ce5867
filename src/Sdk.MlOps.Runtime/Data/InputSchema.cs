using System.Reflection;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Data;

/// <summary>
/// The columns an input type asks for, read from its <c>[LoadColumn]</c> and <c>[ColumnName]</c> attributes.
/// </summary>
internal sealed class InputSchema
{
    private InputSchema(Type type, IReadOnlyList<InputColumn> columns)
    {
        Type = type;
        Columns = columns;
    }

    public Type Type { get; }

    public IReadOnlyList<InputColumn> Columns { get; }

    public InputColumn? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Columns.FirstOrDefault(c => string.Equals(c.MemberName, name, StringComparison.OrdinalIgnoreCase));

    public static InputSchema For(Type type)
    {
        var columns = new List<InputColumn>();
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            if (member is not (PropertyInfo { CanWrite: true } or FieldInfo)) continue;
            var load = member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(LoadColumnAttribute));
            if (load is null) continue;

            var memberType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
            var indices = LoadIndices(load);
            var kind = ValueParser.KindOf(memberType)
                ?? throw new MlOpsException(ErrorCodes.InputTypeInvalid,
                    $"{type.Name}.{member.Name} has type {memberType.Name}, which data files cannot fill. Use string, float, double, int, long, bool, DateTime or float[].");
            bool isVector = memberType.IsArray;
            if (!isVector && indices.Length != 1)
                throw new MlOpsException(ErrorCodes.InputTypeInvalid,
                    $"{type.Name}.{member.Name} loads {indices.Length} columns but is not an array. Use float[] or a single [LoadColumn(index)].");

            var name = member.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?.ConstructorArguments[0].Value as string
                ?? member.Name;
            columns.Add(new InputColumn(name, member.Name, memberType, kind, isVector, indices));
        }

        if (columns.Count == 0)
            throw new MlOpsException(ErrorCodes.InputTypeInvalid,
                $"{type.Name} has no member with [LoadColumn]. Mark each property the data fills, e.g. [LoadColumn(0)] public string Title {{ get; set; }}.");
        return new InputSchema(type, columns.OrderBy(c => c.Indices[0]).ToArray());
    }

    private static int[] LoadIndices(CustomAttributeData load)
    {
        var args = load.ConstructorArguments;
        if (args.Count == 1 && args[0].Value is int single) return [single];
        if (args.Count == 2 && args[0].Value is int start && args[1].Value is int end)
            return Enumerable.Range(start, end - start + 1).ToArray();
        if (args.Count == 1 && args[0].Value is IReadOnlyCollection<CustomAttributeTypedArgument> many)
            return many.Select(a => (int)a.Value!).ToArray();
        throw new MlOpsException(ErrorCodes.InputTypeInvalid, $"Unsupported [LoadColumn] form on {load.Constructor.DeclaringType?.Name}.");
    }
}

/// <summary>One input column. <see cref="Indices"/> are the zero-based fields in the file (several for a vector).</summary>
internal sealed record InputColumn(
    string Name, string MemberName, Type ClrType, ValueKind Kind, bool IsVector, int[] Indices)
{
    public string TypeName => IsVector ? $"{Kind}[{Indices.Length}]" : Kind.ToString();
}
