# escape=`
# expect: none
# .NET model scorer on Nano Server, pinned; Nano Server runs as ContainerUser, and the file says so explicitly.
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022@sha256:4fc99e0e3532be90caca754da0eb9ecb6a4710b9d29a5944b068fdeade1b6ddf

WORKDIR C:\app
COPY publish\ C:\app\
ENV ASPNETCORE_URLS=http://+:8080 `
    DOTNET_RUNNING_IN_CONTAINER=true
USER ContainerUser
ENTRYPOINT ["C:\\app\\Scorer.exe"]
