# The web app and the migrator, built from the repository root: docker build -t platform .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Platform.Web -c Release -o /out/web \
 && dotnet publish migrations/Platform.Migrations -c Release -o /out/migrations

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS web
WORKDIR /app
COPY --from=build /out/web .
COPY content /app/content
# DOTNET_GCgen0size: the GC's smallest gen0 budget, 16 MiB, not one sized from the host's L3 cache
# (docs/deploy.md, "Memory").
ENV ASPNETCORE_URLS=http://+:8080 \
    Platform__ContentPath=/app/content \
    DOTNET_GCgen0size=0x1000000
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Platform.Web.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS migrate
WORKDIR /app
COPY --from=build /out/migrations .
COPY content /app/content
ENV Platform__ContentPath=/app/content
USER app
ENTRYPOINT ["dotnet", "Platform.Migrations.dll"]
