namespace Sdk.MlOps.Profiling;

/// <summary>The input columns of a model as the profile names them, with their roles.</summary>
internal static class ProfiledColumns
{
    public static IReadOnlyList<ProfiledColumn> Of(ModelBase model, string? idColumn)
    {
        var label = model.LabelColumn is { } l ? model.Schema.Find(l) : null;
        var id = idColumn is { Length: > 0 } i ? model.Schema.Find(i) ?? throw new Diagnostics.MlOpsException(ErrorCodes.DriftGateInvalid,
            $"MlOpsIdColumn is '{Diagnostics.Echo.Of(i)}', which names no input column of {model.Schema.Type.Name}. Columns: {string.Join(", ", model.Schema.Columns.Select(c => c.Name))}.") : null;
        return model.Schema.Columns.Select(c => new ProfiledColumn(c.Name, c.TypeName,
            c == label ? ColumnProfile.LabelRole : c == id ? ColumnProfile.IdRole : ColumnProfile.FeatureRole)).ToArray();
    }
}
