; Per-user installer of Workshop App for Windows: no administrator rights asked for or needed.
; Compiled by packaging/build.py with Inno Setup 6 after PyInstaller has made the folder:
;   iscc /DAppVersion=0.1.0 /DSourceDir="dist\Workshop App" /DOutputDir=dist /DIconFile=... workshop-app.iss
; It installs into %LOCALAPPDATA%\Programs\Workshop App, adds a Start menu entry (and, if asked,
; a desktop icon), and an uninstaller in Settings > Apps. The user's workshops, identity and
; exports live elsewhere (the user data and Documents folders) and are kept on uninstall.

#ifndef AppVersion
  #error Pass /DAppVersion=..., /DSourceDir=..., /DOutputDir=... and /DIconFile=... (packaging/build.py does)
#endif

[Setup]
AppId={{6C1F3B52-1E0A-4B8E-9A57-4E2D8B7C90A1}
AppName=Workshop App
AppVersion={#AppVersion}
AppVerName=Workshop App {#AppVersion}
AppPublisher=Workshop App
DefaultDirName={autopf}\Workshop App
DefaultGroupName=Workshop App
DisableProgramGroupPage=yes
; Per user: {autopf} becomes %LOCALAPPDATA%\Programs and nothing is written outside the profile.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#OutputDir}
OutputBaseFilename=Workshop-App-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\Workshop App.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Workshop App"; Filename: "{app}\Workshop App.exe"
Name: "{autodesktop}\Workshop App"; Filename: "{app}\Workshop App.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Workshop App.exe"; Description: "{cm:LaunchProgram,Workshop App}"; Flags: nowait postinstall skipifsilent
