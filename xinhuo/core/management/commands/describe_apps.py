"""`python -m xinhuo describe_apps`: what each app declares to core (its manifest), one block an app."""

from django.core.management.base import BaseCommand

from xinhuo.core import registry


class Command(BaseCommand):
    help = "List each app's declarations: URL and API prefixes, capabilities, navigation, panels, jobs, demo."

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", help="only these apps (labels, e.g. care plans)")

    def handle(self, *args, **opts):
        wanted = set(opts["labels"])
        order = {label: i for i, (label, _step) in enumerate(registry.demo_steps())}
        for m in registry.manifests():
            if wanted and m.label not in wanted:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(m.label))
            if m.urls:
                self.stdout.write(f"  pages     /{m.url_prefix}  ({m.urls})")
            api = [f"{r.prefix}/" for r in m.api_routes]
            if api or m.api_paths:
                paths = f" + {m.api_paths}" if m.api_paths else ""
                self.stdout.write(f"  api       /api/v1/ {', '.join(api)}{paths}")
            for name, roles in m.capabilities.items():
                self.stdout.write(f"  can       {name}: {', '.join(sorted(roles))}")
            for e in m.nav:
                group = f" [{e.group}]" if e.group else ""
                self.stdout.write(f"  nav       {e.order:>4} {e.label}{group} -> {e.url_name} ({e.capability})")
            for p in m.panels:
                self.stdout.write(f"  panel     {p.place}/{p.order} {p.template}")
            for job in m.daily_jobs:
                self.stdout.write(f"  daily     {job}")
            for job in m.frequent_jobs:
                self.stdout.write(f"  frequent  {job}")
            if m.demo:
                after = f" after {', '.join(m.demo.after)}" if m.demo.after else ""
                self.stdout.write(f"  demo      #{order[m.label] + 1} {m.demo.build}{after}")
            for hook in m.provides:
                self.stdout.write(f"  provides  {hook}")
            if m.matrix:
                self.stdout.write(f"  matrix    {m.matrix}")
