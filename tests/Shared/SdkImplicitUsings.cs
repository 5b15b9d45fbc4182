namespace Contracts.Testing;

/// <summary>The global usings the .NET SDK adds to every project with <c>ImplicitUsings</c> on, for code compiled in a test as a consumer's project would compile it.</summary>
internal static class SdkImplicitUsings
{
    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
