from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = _("Portfolios")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels, register_describer
        from portal.generated_files import generated_file_register, private_folder_register

        from . import dashboard  # noqa: F401 - registers the links of "My page"
        from .admin_privacy import install
        from .models import EVIDENCE_FOLDER, DataExport, Evidence, PortfolioDocument
        from .tasks import build_data_export, render_portfolio_document

        install()
        register_describer("portfolios.evidence", _evidence_titles)
        generated_file_register(DataExport, task=build_data_export, argument="export_id")
        generated_file_register(
            PortfolioDocument, task=render_portfolio_document, argument="document_id"
        )
        private_folder_register(Evidence, EVIDENCE_FOLDER)

        register_action_labels(
            {
                "portfolio.create": _("started the portfolio"),
                "portfolio.save_draft": _("saved a draft of the portfolio"),
                "portfolio.publish": _("published the portfolio"),
                "portfolio.unpublish": _("took the portfolio offline"),
                "portfolio.restore": _("restored an earlier version of the portfolio"),
                "portfolio.view": _("looked at your portfolio"),
                "portfolio.view:pdf": _("downloaded your CV"),
                "portfolio.view:evidence": _("opened one of your proofs"),
                "portfolio.consent": _("changed who may see the portfolio"),
                "portfolio.coach_employers": _("changed the coach's approval for employers"),
                "evidence.create": _("added proof"),
                "evidence.delete": _("deleted proof"),
                "data.export": _("asked for a download of all data"),
                "data.export_download": _("downloaded all data"),
                "files.purge_expired": _("deleted old data downloads and PDF CVs"),
                "account.erase": _("erased an account"),
                "suggestion.create": _("left a suggestion on the portfolio"),
                "suggestion.accept": _("took over a coach's suggestion"),
                "suggestion.ignore": _("ignored a coach's suggestion"),
            }
        )


def _evidence_titles(ids: list[str]) -> dict[str, str]:
    from .models import Evidence

    rows = Evidence.objects.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()])
    return {str(pk): title for pk, title in rows.values_list("pk", "title") if title}
