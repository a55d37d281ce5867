using System.Net;

namespace Sdk.MlOps.MLflow;

/// <summary>
/// A failure MLflow reported, carrying its <c>error_code</c> (e.g. <see cref="ErrorCodes.ResourceAlreadyExists"/>).
/// Match on <see cref="ErrorCode"/>, never on the message: the message text differs between backends and versions.
/// </summary>
public sealed class MlflowException(string errorCode, string message, HttpStatusCode? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>MLflow's <c>error_code</c>, one of <see cref="ErrorCodes"/> or another the server sent.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status, when the failure came from a server.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The <c>error_code</c> values this client acts on.</summary>
    public static class ErrorCodes
    {
        /// <summary>A create named something that exists.</summary>
        public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
        /// <summary>What was asked for does not exist.</summary>
        public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
        /// <summary>A value was refused, by the server or by <see cref="Limits"/> before sending.</summary>
        public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
        /// <summary>The server failed.</summary>
        public const string InternalError = "INTERNAL_ERROR";
        /// <summary>No or wrong credentials.</summary>
        public const string Unauthenticated = "UNAUTHENTICATED";
        /// <summary>The credentials do not allow it.</summary>
        public const string PermissionDenied = "PERMISSION_DENIED";
        /// <summary>A store file is damaged (unreadable, or not what its place says): a person must repair or remove it.</summary>
        public const string DataLoss = "DATA_LOSS";
        /// <summary>The server could not be reached, or kept failing after every retry.</summary>
        public const string Unavailable = "TEMPORARILY_UNAVAILABLE";
    }
}
