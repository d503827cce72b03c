using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Notifications;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Email;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformHosting();
builder.AddPlatformData();
builder.AddJsonAntiforgery();
builder.AddOutbox();
builder.AddAccounts();
builder.AddLessons();
builder.AddComments();
builder.AddNotifications();

var app = builder.Build();

app.UsePlatformHosting();
app.MapAntiforgeryToken();
app.MapLessons();
app.MapComments();

app.Run();

// The test host (WebApplicationFactory<Program>) needs a public Program type.
public partial class Program;
