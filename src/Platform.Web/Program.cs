using Platform.Web.Features.Account;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Exercises;
using Platform.Web.Features.Feedback;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Notifications;
using Platform.Web.Features.Progress;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Security;
using Platform.Web.Infrastructure.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformHosting();
builder.AddPlatformTelemetry();
builder.AddPlatformData();
builder.AddPageCache();
builder.AddJsonAntiforgery();
builder.AddOutbox();
builder.AddAccounts();
builder.AddLessons();
builder.AddProgress();
builder.AddReports();
builder.AddAdmin();
builder.AddComments();
builder.AddNotifications();
builder.AddFeedback();
builder.AddExercises();

var app = builder.Build();

app.UsePlatformHosting();
app.MapAntiforgeryToken();
app.MapLessons();
app.MapProgress();
app.MapComments();
app.MapExercises();

app.Run();

// The test host (WebApplicationFactory<Program>) needs a public Program type.
public partial class Program;
