"""JupyterLab for this project (`make lab`, `make test-browser` point JUPYTER_CONFIG_DIR here).

Lab opens at the project root with `notebooks/` in view, so `seeds/` and `figures/` (which
`text_path` and `figures_dir` are relative to) are one click away. The overrides in
`lab/settings/` turn off the news pop-up and update checks (no request leaves the machine);
`labconfig/page_config.json` turns off the "build recommended" check. What Lab writes per user
(settings a student changes, workspaces) goes to `.jupyter/lab/user-settings/` and
`.jupyter/lab/workspaces/`, both git-ignored.
"""
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from traitlets import default

from helpers.publish.lab import keep_stored_metadata, with_kernel_language_info  # installed in .venv-lab

HERE = Path(__file__).resolve().parent


class ProjectContentsManager(AsyncLargeFileManager):
    """Jupyter Server's default contents manager, handing Lab notebooks it will not modify
    and saving them as our runner writes them."""

    @default("pre_save_hook")
    def _keep_stored_metadata(self):
        return keep_stored_metadata

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content") is not None:
            with_kernel_language_info(model["content"])
        return model


c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)

c.ServerApp.root_dir = str(HERE.parent)
c.LabApp.default_url = "/lab/tree/notebooks"
c.LabApp.app_settings_dir = str(HERE / "lab" / "settings")
c.LabApp.user_settings_dir = str(HERE / "lab" / "user-settings")
c.LabApp.workspaces_dir = str(HERE / "lab" / "workspaces")
# Opening, running and closing an unchanged notebook leaves it unmodified, and a notebook
# saved from Lab keeps the metadata our runner writes (see helpers/publish/lab.py).
c.ServerApp.contents_manager_class = ProjectContentsManager
