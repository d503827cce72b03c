using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Email;
using Platform.Web.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformHosting();
builder.AddPlatformData();
builder.AddOutbox();
builder.AddAccounts();

var app = builder.Build();

app.UsePlatformHosting();

app.Run();

// The test host (WebApplicationFactory<Program>) needs a public Program type.
public partial class Program;
