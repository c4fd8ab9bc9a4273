using System.Text;
using ThreatLint.Cli;

// Reports carry non-ASCII text (em dashes in messages); UTF-8 keeps redirected output identical on every OS.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return Cli.Run(args, new CliConsole(Console.Out, Console.Error, ShowProgress: !Console.IsErrorRedirected));
