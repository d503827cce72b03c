namespace Platform.Web.Features.Exercises;

public static class ExercisesRegistration
{
    public static WebApplicationBuilder AddExercises(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ExerciseCheck>();
        return builder;
    }

    public static WebApplication MapExercises(this WebApplication app) => app.MapExerciseApi();
}
