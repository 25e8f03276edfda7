#!/usr/bin/env python3
"""Browser tests of the web UI: headless Chromium, driven by selenium, against a real `contact-import serve`.

Run by `scripts/browser-test`, which builds and starts the servers and sets these environment variables:
BASE_URL, EXPIRING_URL (a server whose reviews expire after 3 seconds, with mail set up), SETUP_URL (the first-run setup link of a
server with no user yet), WORKSPACE_ID and OWNER_TOKEN (BASE_URL's workspace and its owner's API token), MAIN_DATA_DIR
(BASE_URL's data directory, whose database one flow edits), OWNER_EMAIL,
AGENT_EMAIL, CHANGER_EMAIL (an agent whose password a flow changes), PASSWORD (every one's), CSV_FILE (1,000 generated
rows with some bad ones), OUT_DIR; PHONES_WORKSPACE_ID, PHONES_TOKEN, PHONES_OWNER_EMAIL and PHONES_MANAGER_EMAIL (a
workspace of BASE's of its own for the phone-number flows, its owner's API token, its owner and a manager).
Every step saves a screenshot in OUT_DIR, and the page's DOM beside it (to compare two runs); any failed check exits
non-zero. The browser console must stay free of errors (see browser_errors).
"""
import csv
import io
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["BASE_URL"].rstrip("/")
EXPIRING = os.environ["EXPIRING_URL"].rstrip("/")
SETUP_URL = os.environ["SETUP_URL"]
WORKSPACE = int(os.environ["WORKSPACE_ID"])
OWNER_TOKEN = os.environ["OWNER_TOKEN"]
OWNER = os.environ["OWNER_EMAIL"]
AGENT = os.environ["AGENT_EMAIL"]
CHANGER = os.environ["CHANGER_EMAIL"]
PASSWORD = os.environ["PASSWORD"]
CSV_FILE = os.path.abspath(os.environ["CSV_FILE"])
OUT = os.path.abspath(os.environ.get("OUT_DIR", "test-output/browser"))
PHONES_WORKSPACE = int(os.environ["PHONES_WORKSPACE_ID"])
PHONES_TOKEN = os.environ["PHONES_TOKEN"]
PHONES_OWNER = os.environ["PHONES_OWNER_EMAIL"]
PHONES_MANAGER = os.environ["PHONES_MANAGER_EMAIL"]
MAIN_DATA = os.environ["MAIN_DATA_DIR"]
PUBLIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../Sources/ContactImportApp/WebUI/Public")
DOWNLOADS = os.path.join(OUT, "downloads")
os.makedirs(DOWNLOADS, exist_ok=True)
for old in os.listdir(DOWNLOADS):
    os.remove(os.path.join(DOWNLOADS, old))

steps = []


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def make_driver(width, height, mobile=False):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        opts.add_argument(arg)
    opts.add_experimental_option(
        "prefs", {"download.default_directory": DOWNLOADS, "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": DOWNLOADS})
    return driver


def shot(driver, name, number=None):
    """Saves a screenshot numbered in the order taken, or with the number given (a flow's own range)."""
    path = os.path.join(OUT, f"{number or len(steps) + 1:02d}-{name}.png")
    driver.save_screenshot(path)
    with open(path[:-4] + ".html", "w", encoding="utf-8") as f:
        f.write(driver.execute_script("return document.documentElement.outerHTML"))
    steps.append(os.path.basename(path))
    print(f"  ok  {os.path.basename(path)}")


def wait(driver, seconds=15):
    # The page re-renders parts of itself: an element found a moment ago may be replaced.
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))


def visible(driver, css, seconds=15):
    return wait(driver, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def gone(driver, css):
    return len([e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]) == 0


def text(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def check_labels(driver, where):
    """Every visible form control has a label (or an aria-label)."""
    unlabelled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(el => el.type !== 'hidden')
          .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
          .map(el => el.outerHTML.slice(0, 120));
    """)
    check(not unlabelled, f"{where}: controls without a label: {unlabelled}")


def check_fits(driver, where, width):
    overflow = driver.execute_script("return document.documentElement.scrollWidth")
    check(overflow <= width + 1, f"{where}: the page is {overflow}px wide in a {width}px viewport")


def sign_in(driver, email, password, base=None):
    driver.get((base or BASE) + "/")
    fill_sign_in(driver, email, password)


def fill_sign_in(driver, email, password):
    """Signs in on the sign-in form on show (the page keeps the address it was opened at)."""
    form = visible(driver, "#sign-in-form")
    email_input = form.find_element(By.NAME, "email")
    email_input.clear()
    email_input.send_keys(email)
    password_input = form.find_element(By.NAME, "password")
    password_input.clear()
    password_input.send_keys(password + Keys.ENTER)  # keyboard: Enter submits


def sign_out(driver):
    driver.find_element(By.ID, "sign-out").click()
    visible(driver, "#sign-in-form")


def confirm(driver):
    """Answers the confirmation dialog with its confirming button (Remove, Revoke)."""
    visible(driver, "#confirm-dialog")
    driver.find_element(By.ID, "confirm-ok").click()
    wait(driver).until(lambda d: gone(d, "#confirm-dialog"))


def http_status(url):
    """The status a plain GET of url answers (no cookie, no token)."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def api_call(method, path, token, body=None, content_type="application/json"):
    """A call to BASE's API with an API token: (status, parsed JSON or None)."""
    data = None
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = content_type
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def run_import(file_name, content, tags=("email-link",)):
    """An import of a small CSV file (First Name, Phone) through the API with the owner's token, adding and updating by
    phone, run to completion; its id."""
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    status, upload = api_call("POST", f"{ws}/imports?fileName={file_name}", OWNER_TOKEN, content.encode(), "text/csv")
    check(status == 201, f"upload answered {status}: {upload}")
    config = {"purpose": "addAndUpdate", "identifier": "phone", "tags": list(tags),
              "mapping": [{"column": 0, "field": "firstName"}, {"column": 1, "field": "phone"}]}
    for method, path, body, expected in [("PUT", "config", config, 200), ("POST", "review", None, 200), ("POST", "start", None, 202)]:
        status, answer = api_call(method, f"{ws}/imports/{upload['id']}/{path}", OWNER_TOKEN, body)
        check(status == expected, f"{path} answered {status}: {answer}")
    deadline = time.time() + 60
    while time.time() < deadline:
        status, job = api_call("GET", f"{ws}/imports/{upload['id']}", OWNER_TOKEN)
        if job and job["status"] != "processing":
            check(job["status"] == "completed", f"the import ended as {job['status']}: {job.get('message')}")
            return upload["id"]
        time.sleep(0.3)
    raise AssertionError("the import did not finish within 60 seconds")


def cancel_open_imports():
    """Cancels BASE's workspace's imports still in draft or review through the API, so that a flow leaves none behind
    (the wizard's Upload a corrected file keeps the import, with a new file); the file names of those it canceled."""
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    status, listed = api_call("GET", f"{ws}/imports", OWNER_TOKEN)
    check(status == 200, f"imports list answered {status}: {listed}")
    open_imports = [i for i in listed["imports"] if i["status"] in ("draft", "review")]
    for found in open_imports:
        status, answer = api_call("DELETE", f"{ws}/imports/{found['id']}", OWNER_TOKEN)
        check(status == 200, f"cancel of import {found['id']} answered {status}: {answer}")
    return [i["fileName"] for i in open_imports]


def wait_for_new_download(before, suffix, seconds=20):
    """A finished download ending in suffix that was not in the folder before (a set of names)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        new = [f for f in os.listdir(DOWNLOADS) if f.endswith(suffix) and f not in before]
        if new:
            return os.path.join(DOWNLOADS, new[0])
        time.sleep(0.2)
    raise AssertionError(f"no new {suffix} download in {DOWNLOADS}: {os.listdir(DOWNLOADS)}")


def wait_for_download_since(started, suffix, seconds=30):
    """A finished download ending in suffix written since started (a time.time()): Chromium saves a file of the same name
    as an earlier one over it, so a new name cannot be counted on."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        new = [os.path.join(DOWNLOADS, f) for f in os.listdir(DOWNLOADS) if f.endswith(suffix)]
        new = [path for path in new if os.path.getmtime(path) >= started - 1]
        if new:
            return max(new, key=os.path.getmtime)
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} download since {started} in {DOWNLOADS}: {os.listdir(DOWNLOADS)}")


def member_id(driver, email):
    """The user id of the members table's row for email."""
    for row in driver.find_elements(By.CSS_SELECTOR, "#members-table tbody tr"):
        if email in row.text:
            return int(row.get_attribute("data-user-id"))
    raise AssertionError(f"{email} is not in the members table: {text(driver, '#members-table')}")


def add_member(driver, email, role):
    """Adds a member on Settings › Members (on show); the password link shown for them."""
    form = visible(driver, "#add-member-form")
    form.find_element(By.NAME, "email").send_keys(email)
    Select(form.find_element(By.NAME, "role")).select_by_value(role)
    driver.find_element(By.ID, "add-member").click()
    link = visible(driver, "#member-link-value").get_attribute("value")
    wait(driver).until(lambda d: email in d.find_element(By.ID, "members-table").text)
    return link


def wait_for_download(suffix, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [f for f in os.listdir(DOWNLOADS) if f.endswith(suffix)]
        if done:
            return os.path.join(DOWNLOADS, done[0])
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} download in {DOWNLOADS}: {os.listdir(DOWNLOADS)}")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def count_of(driver, key):
    return int(text(driver, f"#count-{key} strong").replace(",", ""))


# Responses the flows ask for on purpose, which Chromium logs as SEVERE "Failed to load resource": no session yet
# and the wrong password (401 on /api/v1/session; 429 once throttled), IMPORT after the review expired (410 on
# …/start), the setup link once used (404) and a used reset link (410), the last owner kept (409), a bad time zone
# or E.164 without a default country (422), a wrong current password (422), an email link to an import that is not
# there (404), a contact whose phone is not a valid number under E.164 (422), a corrected file with no rows (422) and a
# bulk fix in review with a country code that is none (422).
EXPECTED_FAILED_LOADS = [(re.compile(pattern), status) for pattern, status in [
    (r"/api/v1/session$", 401), (r"/api/v1/session$", 429), (r"/api/v1/workspaces/\d+/imports/\d+/start$", 410), (r"://[^/]+/setup$", 404),
    (r"://[^/]+/reset-password$", 410), (r"/api/v1/workspaces/\d+/members/\d+$", 409), (r"/api/v1/workspaces/\d+/settings$", 422),
    (r"/api/v1/me/password$", 422), (r"/api/v1/workspaces/\d+/imports/\d+$", 404), (r"/api/v1/workspaces/\d+/contacts$", 422),
    (r"/api/v1/workspaces/\d+/imports/\d+/file$", 422), (r"/api/v1/workspaces/\d+/imports/\d+/fixes$", 422)]]
FAILED_LOAD = re.compile(r"^(\S+) - Failed to load resource: the server responded with a status of (\d+)")


def browser_errors(driver):
    """The browser console's errors since the last call: every SEVERE entry (a module or file that failed to load, an
    uncaught script error) but the expected API refusals above, and any CSP violation or uncaught error."""
    problems = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if entry.get("level") == "SEVERE":
            failed = FAILED_LOAD.match(message)
            if failed and any(path.search(failed.group(1).split("?")[0]) and int(failed.group(2)) == status
                              for path, status in EXPECTED_FAILED_LOADS):
                continue
            problems.append(message)
        elif "Content Security Policy" in message or "Uncaught" in message:
            problems.append(message)
    return problems


def check_modules(driver):
    """The page loaded every script module in Public/ (app.js imports the others), each answered 200."""
    loaded = driver.execute_script("""
        return performance.getEntriesByType('resource')
          .filter(e => new URL(e.name).pathname.endsWith('.js'))
          .map(e => [new URL(e.name).pathname, e.responseStatus === undefined ? 200 : e.responseStatus]);
    """)
    expected = sorted(f"/ui/{name}" for name in os.listdir(PUBLIC) if name.endswith(".js"))
    check(sorted(path for path, _ in loaded) == expected, f"script modules loaded: {sorted(loaded)}, expected {expected}")
    check(all(status == 200 for _, status in loaded), f"script modules' statuses: {loaded}")
    print(f"  ok  {len(loaded)} script modules loaded")


def desktop_flow():
    driver = make_driver(1280, 800)
    try:
        # --- Sign in: a wrong password is refused, the right one opens Contacts.
        driver.get(BASE + "/")
        visible(driver, "#sign-in-form")
        check_modules(driver)
        check_labels(driver, "sign-in")
        shot(driver, "sign-in")
        sign_in(driver, OWNER, "not the password")
        alert = visible(driver, "#sign-in-form .message.error")
        check("do not match" in alert.text, f"wrong password message: {alert.text}")
        shot(driver, "sign-in-wrong-password")
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        check(OWNER in text(driver, "#user-email"), "the signed-in email is shown")
        cookies = {c["name"]: c for c in driver.get_cookies()}
        check(cookies["ci_session"]["httpOnly"] and cookies["ci_session"].get("sameSite") == "Strict",
              f"session cookie attributes: {cookies['ci_session']}")
        check(driver.execute_script("return document.cookie").find("ci_session") < 0, "the script cannot read the session cookie")
        shot(driver, "contacts-empty")

        # --- Settings > Contact Fields: create two custom fields.
        driver.find_element(By.ID, "nav-contact-fields").click()
        visible(driver, "#fields-table")
        for name, field_type in [("Company", "text"), ("Lifetime Value", "number")]:
            driver.find_element(By.NAME, "name").send_keys(name)
            Select(driver.find_element(By.NAME, "type")).select_by_value(field_type)
            driver.find_element(By.ID, "create-field").click()
            wait(driver).until(lambda d: name in d.find_element(By.ID, "fields-table").text)
        table = text(driver, "#fields-table")
        check("custom.company" in table and "custom.lifetime_value" in table, f"fields table: {table}")
        check_labels(driver, "contact fields")
        shot(driver, "contact-fields-created")

        # --- Contacts > ADD CONTACT arrow > Import Contacts opens the wizard.
        driver.find_element(By.ID, "nav-contacts").click()
        arrow = visible(driver, "#add-contact-arrow")
        arrow.click()
        item = visible(driver, "#menu-import-contacts")
        check(item.text == "Import Contacts", f"menu item: {item.text}")
        check(arrow.get_attribute("aria-expanded") == "true", "the arrow reports its menu open")
        shot(driver, "add-contact-menu")
        item.click()
        visible(driver, "#dropzone")

        # --- Part 1: requirements, sample, purposes, identifier, tags.
        requirements = driver.find_elements(By.CSS_SELECTOR, "#file-requirements li")
        check(len(requirements) == 7, f"{len(requirements)} requirements listed")
        check("less than 20MB" in text(driver, "#file-requirements"), "size requirement")
        check(driver.find_element(By.ID, "sample-csv").get_attribute("href").endswith("/ui/sample-contacts.csv"), "sample link")
        purposes = text(driver, "#purposes")
        for title in ["Add New Contacts Only", "Update Existing Contacts Only", "Add and Update Contacts",
                      "Add All Contacts Despite Duplicates", "All Contacts in the file will be treated as new Contacts"]:
            check(title in purposes, f"purpose text {title!r}")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is not None, "NEXT waits for a file")
        driver.find_element(By.ID, "file-input").send_keys(CSV_FILE)
        status = visible(driver, "#upload-status .message.success", 30)
        check("1,000 rows" in status.text, f"upload status: {status.text}")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-updateExisting']").click()
        check(len(driver.find_elements(By.ID, "identifier-contactId")) == 1, "Contact ID offered for Update Existing")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAll']").click()
        check(len(driver.find_elements(By.CSS_SELECTOR, "input[name='identifier']")) == 0, "no identifier for Add All")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        check(len(driver.find_elements(By.ID, "identifier-contactId")) == 0, "Contact ID not offered for Add and Update")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is not None, "NEXT waits for an identifier")
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        import_tag = text(driver, "#import-tag-chip > span")
        check(import_tag.startswith("import-"), f"generated import tag: {import_tag}")
        driver.find_element(By.ID, "remove-import-tag").click()
        check(len(driver.find_elements(By.ID, "import-tag-chip")) == 0, "the import tag can be removed")
        driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Restore import tag')]").click()
        visible(driver, "#import-tag-chip")
        tag_input = driver.find_element(By.ID, "tag-input")
        tag_input.send_keys("browser-test" + Keys.ENTER)
        wait(driver).until(lambda d: "browser-test" in d.find_element(By.ID, "tag-chips").text)
        check_labels(driver, "wizard part 1")
        shot(driver, "wizard-part1-configured")
        driver.find_element(By.ID, "part1-next").click()

        # --- Part 2: the mapping, its suggestions and rules.
        table = visible(driver, "#mapping-table")
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) == 13, f"{len(rows)} columns in the mapping")
        headers = [r.find_element(By.TAG_NAME, "th").text.split("\n")[0] for r in rows]
        by_header = {h: i for i, h in enumerate(headers)}
        picker = lambda header: Select(driver.find_element(By.ID, f"map-field-{by_header[header]}"))
        check(picker("First Name").first_selected_option.get_attribute("value") == "firstName", "First Name auto-mapped")
        check(picker("Phone Number").first_selected_option.get_attribute("value") == "phone", "Phone auto-mapped")
        check(picker("Company").first_selected_option.get_attribute("value") == "custom.company", "Company auto-mapped")
        check(picker("Lifetime Value").first_selected_option.get_attribute("value") == "custom.lifetime_value", "custom number auto-mapped")
        check(not driver.find_element(By.ID, f"map-include-{by_header['Plan']}").is_selected(), "unmatched column left out")
        check(len(driver.find_elements(By.ID, "dno-all")) == 1, "Do Not Overwrite shown for Add and Update")
        check("Matched by name" in rows[by_header["Email"]].text, "auto-mapped columns are marked")
        # Each field once: First Name cannot be picked for a second column.
        option = driver.find_element(By.CSS_SELECTOR, f"#map-field-{by_header['Last Name']} option[value='firstName']")
        check(option.get_attribute("disabled") is not None, "a mapped field is not offered twice")
        # The rules gate NEXT: leave First Name out, then take it back.
        include_first = driver.find_element(By.ID, f"map-include-{by_header['First Name']}")
        include_first.click()
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is not None, "NEXT refused without First Name")
        unmet = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")]
        check(any("First Name" in r for r in unmet), f"the First Name rule is shown unmet: {unmet}")
        shot(driver, "wizard-part2-rule-unmet")
        include_first.click()
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed once the rules hold")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")) == 0, "every rule met")
        driver.find_element(By.ID, f"map-dno-{by_header['Email']}").click()
        check_labels(driver, "wizard part 2")
        shot(driver, "wizard-part2-mapping")
        driver.find_element(By.ID, "part2-next").click()

        # --- Part 3: the four counts and the error file.
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(sum(counts.values()) == 1000, f"counts add up to the rows: {counts}")
        check(counts["errors"] > 0 and counts["imported"] > 900, f"review counts: {counts}")
        shot(driver, "wizard-part3-review")
        driver.find_element(By.ID, "download-error-file").click()
        error_rows = read_csv(wait_for_download("-errors.csv"))
        check(error_rows[0][-1] == "Error" and error_rows[0][0] == "First Name", f"error file header: {error_rows[0]}")
        check(len(error_rows) - 1 == counts["errors"], f"{len(error_rows) - 1} error rows for {counts['errors']} errors")
        check(all(row[-1].strip() for row in error_rows[1:]), "every error row says what is wrong")
        messages = " ".join(row[-1] for row in error_rows[1:])
        check("Email" in messages and "duplicate" in messages.lower(), f"error messages: {messages[:300]}")

        # --- IMPORT: the confirmation, the progress bar to 100%.
        driver.find_element(By.ID, "start-import").click()
        dialog = visible(driver, "#started-dialog")
        check("Import started" in dialog.text, f"dialog: {dialog.text}")
        shot(driver, "import-started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        wait(driver, 60).until(lambda d: "(100%)" in d.find_element(By.ID, "job-progress-text").text)
        visible(driver, "#job-done", 30)
        check(driver.find_element(By.ID, "job-progress").get_attribute("value") == "100", "progress bar at 100")
        done = text(driver, "#job-done")
        check(f"{counts['imported']} added" in done, f"completion summary: {done}")
        shot(driver, "import-progress-complete")

        # --- The notification centre: the bell's count and the finished import with its link.
        wait(driver, 20).until(lambda d: d.find_element(By.ID, "bell-count").is_displayed())
        check(int(text(driver, "#bell-count")) >= 1, "unread count shown")
        driver.find_element(By.ID, "bell").click()
        item = visible(driver, "#notification-list li.notification")
        check("import" in item.text.lower(), f"notification: {item.text}")
        shot(driver, "notification-centre")
        item.find_element(By.CSS_SELECTOR, "a.notification-link").click()

        # --- Settings > Data Import: the history row, its columns, the results file.
        row = visible(driver, "#history-table tr.highlight")
        header = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#history-table thead th")]
        check(header[:8] == ["Date Imported", "File Name", "Uploaded By", "New Contacts", "Updated Contacts",
                             "Error Count", "Tags Added", "Import Status"], f"history columns: {header}")
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        check(cells[1] == os.path.basename(CSV_FILE) and cells[2] == OWNER, f"history row: {cells}")
        check(cells[3] == str(counts["imported"]) and cells[5] == str(counts["errors"]), f"history counts: {cells}")
        check("browser-test" in cells[6] and import_tag in cells[6], f"tags added: {cells[6]}")
        check(cells[7] == "Completed", f"status: {cells[7]}")
        check(row.find_element(By.CSS_SELECTOR, "button.undo-import").is_displayed(), "a completed import offers Undo")
        check(driver.find_element(By.ID, "import-contacts-button").text == "IMPORT CONTACTS", "IMPORT CONTACTS button")
        shot(driver, "import-history")
        row.find_element(By.CSS_SELECTOR, "a.results-link").click()
        results = read_csv(wait_for_download("-results.csv"))
        check(results[0][-2:] == ["Import Status", "Errors"] and len(results) == 1001, f"results file: {results[0]}, {len(results)} lines")

        # --- The imported contacts in the list: paging, search, tag filter, details.
        driver.find_element(By.ID, "nav-contacts").click()
        table = visible(driver, "#contacts-table")
        check(len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 25, "a page of 25 contacts")
        driver.find_element(By.ID, "contacts-next").click()
        wait(driver).until(lambda d: "Page 2" in d.find_element(By.ID, "contacts-results").text)
        source = read_csv(CSV_FILE)
        good_row = next(r for r in source[1:] if r[0] and r[3] and "@" in r[3] and r[3] not in messages)
        search = driver.find_element(By.CSS_SELECTOR, "#contact-search input[name='search']")
        search.send_keys(good_row[3] + Keys.ENTER)
        wait(driver).until(lambda d: good_row[3] in d.find_element(By.ID, "contacts-results").text)
        tag = driver.find_element(By.CSS_SELECTOR, "#contact-search input[name='tag']")
        tag.send_keys("browser-test" + Keys.ENTER)
        wait(driver).until(lambda d: good_row[3] in d.find_element(By.ID, "contacts-results").text)
        shot(driver, "contacts-imported-search")
        driver.find_element(By.CSS_SELECTOR, "#contacts-table tbody a").click()
        detail = visible(driver, "#contact-detail .details")
        check(good_row[3] in detail.text and "browser-test" in detail.text, f"details: {detail.text}")
        shot(driver, "contact-details")

        # --- Sign out; an agent sees no import or settings entry.
        driver.find_element(By.ID, "sign-out").click()
        visible(driver, "#sign-in-form")
        sign_in(driver, AGENT, PASSWORD)
        visible(driver, "#contacts-table")
        check(gone(driver, "#nav-data-import") and gone(driver, "#nav-contact-fields"), "agents see no settings")
        check(gone(driver, "#add-contact-arrow") and gone(driver, "#menu-import-contacts"), "agents see no Import Contacts")
        check(driver.find_element(By.ID, "add-contact").is_displayed(), "agents can still add a contact")
        shot(driver, "agent-contacts")
        driver.get(BASE + "/#/import")
        wait(driver).until(lambda d: "Not available" in d.find_element(By.ID, "main").text)
        check(gone(driver, "#dropzone"), "no wizard for agents")
        shot(driver, "agent-import-refused")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-desktop")
        raise
    finally:
        driver.quit()


def mobile_flow():
    driver = make_driver(390, 844, mobile=True)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        check_fits(driver, "contacts", 390)
        shot(driver, "mobile-contacts")
        driver.get(BASE + "/#/import")
        dropzone = visible(driver, "#dropzone")
        check(dropzone.size["width"] <= 390, "the drop zone fits")
        check_fits(driver, "wizard part 1", 390)
        driver.find_element(By.ID, "file-input").send_keys(CSV_FILE)
        visible(driver, "#upload-status .message.success", 30)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-email']").click()
        shot(driver, "mobile-wizard-part1")
        next_button = driver.find_element(By.ID, "part1-next")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", next_button)
        next_button.click()
        visible(driver, "#mapping-table")
        check_fits(driver, "wizard part 2", 390)
        for control in ["#map-field-0", "#map-dno-0", "#map-include-0", "#part2-next"]:
            right = driver.execute_script(f"return document.querySelector('{control}').getBoundingClientRect().right")
            check(0 < right <= 390, f"{control} is on screen (right edge {right})")
        shot(driver, "mobile-wizard-part2")
        account = visible(driver, "#account-link")
        check(account.text == "Your account", f"the account link on a phone: {account.text}")
        for route, ready, name in [("#/settings/members", "#members-table", "mobile-members"),
                                   ("#/account", "#tokens-table", "mobile-account"),
                                   ("#/settings/workspace", "#workspace-settings-form", "mobile-workspace-settings")]:
            driver.get(BASE + "/" + route)
            visible(driver, ready)
            check_fits(driver, name, 390)
            check_labels(driver, name)
            shot(driver, name)
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-mobile")
        raise
    finally:
        driver.quit()


def session_expired_flow():
    """A review not started within its time: IMPORT explains "Session expired" and offers to start again."""
    driver = make_driver(1280, 800)
    try:
        sign_in(driver, OWNER, PASSWORD, base=EXPIRING)
        visible(driver, "#contacts-results")
        driver.get(EXPIRING + "/#/import")
        small = os.path.join(OUT, "small.csv")
        with open(small, "w", encoding="utf-8") as f:
            f.write("First Name,Phone Number\nAisyah,+60189988776\nDaniel,+6591234567\n")
        visible(driver, "#dropzone")
        driver.find_element(By.ID, "file-input").send_keys(small)
        visible(driver, "#upload-status .message.success", 30)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addNew']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 30)
        check(count_of(driver, "imported") == 2 and count_of(driver, "errors") == 0, "two rows to add")
        check(gone(driver, "#download-error-file"), "no error file without errors")
        time.sleep(3.5)  # the review's 3 seconds pass
        driver.find_element(By.ID, "start-import").click()
        expired = visible(driver, "#session-expired", 15)
        check("Session expired" in expired.text and "1-hour window" in expired.text, f"explanation: {expired.text}")
        shot(driver, "session-expired")
        expired.find_element(By.TAG_NAME, "button").click()
        visible(driver, "#dropzone")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-session-expired")
        raise
    finally:
        driver.quit()


def forgot_password_flow():
    """With mail set up (EXPIRING's server has an SMTP address), "Forgot password?" takes an email and shows the
    server's answer, the same whether or not the account exists. Repeated wrong passwords for one email are throttled
    (429), and the sign-in form says so."""
    driver = make_driver(1280, 800)
    try:
        driver.get(EXPIRING + "/")
        visible(driver, "#sign-in-form")
        for attempt in range(8):
            fill_sign_in(driver, "throttled@browser.test", f"wrong password {attempt}")
            wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sign-in-form .message.error")
                               and d.find_element(By.ID, "sign-in-button").is_enabled())
            if "Too many" in text(driver, "#sign-in-form .message.error"):
                break
        check("Too many" in text(driver, "#sign-in-form .message.error"), "throttled sign-ins are explained")
        shot(driver, "sign-in-throttled")
        visible(driver, "#forgot-password").click()
        form = visible(driver, "#forgot-form")
        check_labels(driver, "forgot password")
        form.find_element(By.NAME, "email").send_keys(OWNER + Keys.ENTER)
        sent = visible(driver, "#forgot-status .message.success")
        check(OWNER in sent.text and "24 hours" in sent.text, f"answer: {sent.text}")
        shot(driver, "forgot-password-sent")
        driver.find_element(By.ID, "forgot-back").click()
        visible(driver, "#sign-in-form")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-forgot-password")
        raise
    finally:
        driver.quit()


def first_run_setup_flow():
    """A server with no user: the sign-in page says so; the printed setup link creates the workspace and its owner and
    signs them in; the same link then answers 404 with a page saying it is no longer valid."""
    driver = make_driver(1280, 800)
    setup_base = SETUP_URL.split("/setup")[0]
    email, password = "first@setup.test", "first-run-" + PASSWORD
    try:
        driver.get(setup_base + "/")
        notice = visible(driver, "#setup-required")
        check("no accounts yet" in notice.text and "contact-import serve" in notice.text, f"first-run notice: {notice.text}")
        check("Ask a workspace owner" in text(driver, "#forgot-hint"), "without mail: who to ask for a reset link")
        check(gone(driver, "#forgot-password"), "no Forgot password? without mail")
        shot(driver, "setup-sign-in-notice")

        driver.get(SETUP_URL)
        form = visible(driver, "#setup-form")
        check_labels(driver, "setup")
        zone = form.find_element(By.NAME, "timeZone")
        check(zone.get_attribute("value"), "the time zone starts as the browser's")
        check(len(driver.find_elements(By.CSS_SELECTOR, f"#{zone.get_attribute('list')} option")) > 100, "time zones offered")
        form.find_element(By.NAME, "workspaceName").send_keys("Setup Test")
        zone.clear()
        zone.send_keys("Asia/Kuala_Lumpur")
        form.find_element(By.NAME, "email").send_keys(email)
        form.find_element(By.NAME, "password").send_keys(password)
        form.find_element(By.NAME, "confirm").send_keys(password + "x")
        driver.find_element(By.ID, "setup-button").click()
        check("differ" in visible(driver, "#setup-error .message.error").text, "mismatched passwords are caught")
        confirmation = form.find_element(By.NAME, "confirm")
        confirmation.clear()
        confirmation.send_keys(password)
        check("import-" in text(driver, f"#{zone.get_attribute('id')}-example"), "the import tag's clock is shown")
        shot(driver, "setup-form")
        driver.find_element(By.ID, "setup-button").click()
        visible(driver, "#contacts-results")
        check(driver.execute_script("return location.pathname") == "/", f"address after setup: {driver.current_url}")
        check(email in text(driver, "#user-email"), "signed in as the new owner")
        check(all(driver.find_element(By.ID, nav).is_displayed() for nav in ["nav-workspace", "nav-members"]),
              "the owner sees Settings › Workspace and Members")
        shot(driver, "setup-signed-in")
        driver.find_element(By.ID, "nav-workspace").click()
        settings = visible(driver, "#workspace-settings-form")
        check(settings.find_element(By.NAME, "name").get_attribute("value") == "Setup Test", "the workspace's name")
        check(settings.find_element(By.NAME, "timeZone").get_attribute("value") == "Asia/Kuala_Lumpur", "its time zone")

        check(http_status(SETUP_URL) == 404, "the used setup link answers 404")
        driver.get(SETUP_URL)
        wait(driver).until(lambda d: "no longer valid" in d.find_element(By.TAG_NAME, "body").text)
        check(gone(driver, "#setup-form"), "no setup form once set up")
        shot(driver, "setup-link-dead")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-setup")
        raise
    finally:
        driver.quit()


def members_flow():
    """The owner adds a member (their password link shown once), changes their role, is refused demoting or removing
    the only owner, issues another link, and removes the member."""
    driver = make_driver(1280, 800)
    email = "new.member@browser.test"
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "nav-members").click()
        table = visible(driver, "#members-table")
        check(OWNER in table.text and AGENT in table.text, f"members: {table.text}")
        check_labels(driver, "members")
        link = add_member(driver, email, "agent")
        check(link.startswith(BASE + "/reset-password?code="), f"password link: {link}")
        note = text(driver, "#member-link")
        check("Send this link to them; it works once, for 24 hours" in note, f"link note: {note}")
        check(driver.find_element(By.ID, "member-link-value-copy").is_displayed(), "a Copy button beside the link")
        shot(driver, "members-added-link")

        new_id = member_id(driver, email)
        Select(driver.find_element(By.ID, f"role-{new_id}")).select_by_value("manager")
        wait(driver).until(lambda d: "is now Manager" in d.find_element(By.ID, "members-status").text)

        owner_id = member_id(driver, OWNER)
        Select(driver.find_element(By.ID, f"role-{owner_id}")).select_by_value("agent")
        refused = visible(driver, "#members-status .message.error")
        check("owner" in refused.text.lower(), f"last owner message: {refused.text}")
        check(Select(driver.find_element(By.ID, f"role-{owner_id}")).first_selected_option.get_attribute("value") == "owner",
              "the owner's role is shown unchanged")
        shot(driver, "members-last-owner")
        driver.find_element(By.ID, f"remove-{owner_id}").click()
        confirm(driver)
        refused = visible(driver, "#members-status .message.error")
        check("owner" in refused.text.lower(), f"last owner message on removal: {refused.text}")
        check(OWNER in text(driver, "#members-table"), "the owner stays")

        driver.find_element(By.ID, f"reset-link-{new_id}").click()
        wait(driver).until(lambda d: d.find_element(By.ID, "member-link-value").get_attribute("value") not in ("", link))
        check("/reset-password?code=" in driver.find_element(By.ID, "member-link-value").get_attribute("value"), "a new link")

        driver.find_element(By.ID, f"remove-{new_id}").click()
        dialog = visible(driver, "#confirm-dialog")
        check(email in dialog.text, f"confirmation: {dialog.text}")
        confirm(driver)
        wait(driver).until(lambda d: email not in d.find_element(By.ID, "members-table").text)
        check(f"Removed {email}" in text(driver, "#members-status"), "removal confirmed")
        shot(driver, "members-removed")
        status, members = api_call("GET", f"/api/v1/workspaces/{WORKSPACE}/members", OWNER_TOKEN)
        check(status == 200 and email not in [m["email"] for m in members["members"]], f"members after removal: {members}")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-members")
        raise
    finally:
        driver.quit()


def password_change_flow():
    """A user changes their password on Your account: the old one no longer signs in, the new one does."""
    driver = make_driver(1280, 800)
    new_password = "changed-" + PASSWORD
    try:
        sign_in(driver, CHANGER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "account-link").click()
        form = visible(driver, "#password-form")
        check_labels(driver, "account")
        check(CHANGER in text(driver, "#account-email"), "the account's email")
        form.find_element(By.NAME, "currentPassword").send_keys("not the password")
        form.find_element(By.NAME, "newPassword").send_keys(new_password)
        form.find_element(By.NAME, "confirm").send_keys(new_password)
        driver.find_element(By.ID, "change-password").click()
        wrong = visible(driver, "#password-status .message.error")
        check(wrong.text, "a wrong current password is refused with the server's message")
        current = form.find_element(By.NAME, "currentPassword")
        current.clear()
        current.send_keys(PASSWORD)
        driver.find_element(By.ID, "change-password").click()
        done = visible(driver, "#password-status .message.success")
        check("password is changed" in done.text, f"change confirmed: {done.text}")
        shot(driver, "account-password-changed")

        sign_out(driver)
        fill_sign_in(driver, CHANGER, PASSWORD)
        refused = visible(driver, "#sign-in-form .message.error")
        check(refused.text, "the old password is refused")
        shot(driver, "password-old-refused")
        sign_in(driver, CHANGER, new_password)
        visible(driver, "#contacts-results")
        check(CHANGER in text(driver, "#user-email"), "signed in with the new password")
        shot(driver, "password-new-works")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-password-change")
        raise
    finally:
        driver.quit()


def password_reset_flow():
    """A reset link from Settings › Members (for a new manager), opened in a fresh browser: choose a password, sign in
    with it (a manager sees the workspace's settings and the members read-only); the used link then answers 410."""
    email, new_password = "reset.member@browser.test", "reset-" + PASSWORD
    owner = make_driver(1280, 800)
    try:
        sign_in(owner, OWNER, PASSWORD)
        visible(owner, "#contacts-results")
        owner.get(BASE + "/#/settings/members")
        link = add_member(owner, email, "manager")
    except Exception:
        shot(owner, "FAILED-reset-owner")
        raise
    finally:
        owner.quit()
    driver = make_driver(1280, 800)
    try:
        driver.get(link)
        form = visible(driver, "#reset-form")
        check("Choose a new password" in form.text, f"reset page: {form.text}")
        check_labels(driver, "reset")
        form.find_element(By.NAME, "newPassword").send_keys(new_password)
        form.find_element(By.NAME, "confirm").send_keys(new_password)
        shot(driver, "reset-choose-password")
        driver.find_element(By.ID, "reset-button").click()
        done = visible(driver, "#reset-done")
        check("Your password is changed. Sign in with it." in done.text, f"reset done: {done.text}")
        shot(driver, "reset-done")
        driver.find_element(By.ID, "reset-sign-in").click()
        fill_sign_in(driver, email, new_password)
        visible(driver, "#contacts-results")
        check(email in text(driver, "#user-email"), "signed in with the chosen password")
        shot(driver, "reset-signed-in")
        # A manager sees the workspace's settings and its members, read-only.
        driver.find_element(By.ID, "nav-workspace").click()
        settings = visible(driver, "#workspace-settings-read-only")
        check("Only owners can change the workspace’s settings." in settings.text and "As given" in settings.text,
              f"workspace settings for a manager: {settings.text}")
        check(gone(driver, "#workspace-settings-form"), "managers get no settings form")
        driver.find_element(By.ID, "nav-members").click()
        table = visible(driver, "#members-table")
        check(OWNER in table.text and email in table.text, f"members for a manager: {table.text}")
        check(not driver.find_elements(By.CSS_SELECTOR, "#add-member-form, #members-table select, #members-table button"),
              "managers get no member controls")
        check("Only owners can add, change or remove members." in text(driver, "#main"), "managers are told why")
        shot(driver, "manager-members-read-only")
        check(http_status(link) == 410, "the used link answers 410")
        driver.get(link)
        wait(driver).until(lambda d: "no longer works" in d.find_element(By.TAG_NAME, "body").text)
        check(gone(driver, "#reset-form"), "no form for a used link")
        shot(driver, "reset-link-used")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-reset")
        raise
    finally:
        driver.quit()


def tokens_flow():
    """A personal API token: created (shown once), it answers the API; revoked, it no longer does."""
    driver = make_driver(1280, 800)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "account-link").click()
        visible(driver, "#tokens-table")
        check("Command line" in text(driver, "#tokens-table"), "the token `workspace create` made is listed as Command line")
        driver.find_element(By.CSS_SELECTOR, "#token-form input[name='name']").send_keys("Browser test" + Keys.ENTER)
        token = visible(driver, "#new-token-value").get_attribute("value")
        check("not shown again" in text(driver, "#new-token"), "the token is shown once")
        token_id = int(driver.find_element(By.ID, "new-token").get_attribute("data-token-id"))
        wait(driver).until(lambda d: "Browser test" in d.find_element(By.ID, "tokens-table").text)
        check_labels(driver, "tokens")
        shot(driver, "token-created")
        status, _ = api_call("GET", "/api/v1/notifications", token)
        check(status == 200, f"the new token answers {status}")
        driver.find_element(By.ID, f"revoke-token-{token_id}").click()
        confirm(driver)
        wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f"#tokens-table tr[data-token-id='{token_id}']"))
        check(gone(driver, "#new-token"), "the shown token goes with it")
        shot(driver, "token-revoked")
        status, _ = api_call("GET", "/api/v1/notifications", token)
        check(status == 401, f"the revoked token answers {status}")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-tokens")
        raise
    finally:
        driver.quit()


def email_link_flow():
    """The import-finished email's link, opened signed out in a fresh browser: sign in, land on the import with its
    results file offered, download it."""
    rows = [("Aisyah", "+60110000001"), ("Daniel", "+60110000002"), ("Mei", "+60110000003")]
    import_id = run_import("email-link.csv", "First Name,Phone Number\n" + "".join(f"{n},{p}\n" for n, p in rows))
    driver = make_driver(1280, 800)
    try:
        driver.get(f"{BASE}/#/workspaces/{WORKSPACE}/imports/{import_id}")
        visible(driver, "#sign-in-form")
        shot(driver, "email-link-sign-in")
        fill_sign_in(driver, OWNER, PASSWORD)
        offer = visible(driver, "#import-offer")
        check("Import of “email-link.csv” completed" in offer.text and "Download results file" in offer.text, f"offer: {offer.text}")
        row = visible(driver, "#history-table tr.highlight")
        check(row.get_attribute("data-import-id") == str(import_id), "the import is highlighted in the history")
        check(driver.execute_script("return location.hash") == f"#/workspaces/{WORKSPACE}/imports/{import_id}", "the link's address")
        shot(driver, "email-link-offer")
        before = set(os.listdir(DOWNLOADS))
        driver.find_element(By.ID, "offer-download").click()
        results = read_csv(wait_for_new_download(before, "email-link-results.csv"))
        check(results[0][-2:] == ["Import Status", "Errors"] and len(results) == len(rows) + 1,
              f"results file: {results[0]}, {len(results)} lines")
        driver.get(f"{BASE}/#/workspaces/{WORKSPACE + 1000}/imports/{import_id}")
        wait(driver).until(lambda d: "There is no such import in your workspaces." in d.find_element(By.ID, "main").text)
        driver.get(f"{BASE}/#/workspaces/{WORKSPACE}/imports/{import_id + 1000}")
        wait(driver).until(lambda d: "There is no such import in your workspaces." in d.find_element(By.ID, "main").text)
        shot(driver, "email-link-no-such-import")
        # An agent of the workspace is told the import is for its owners and managers.
        sign_out(driver)
        driver.get(f"{BASE}/#/workspaces/{WORKSPACE}/imports/{import_id}")
        driver.refresh()
        fill_sign_in(driver, AGENT, PASSWORD)
        wait(driver).until(lambda d: "Only owners and managers" in d.find_element(By.ID, "main").text)
        check(gone(driver, "#offer-download") and gone(driver, "#history-table"), "no results file for an agent")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-email-link")
        raise
    finally:
        driver.quit()


def workspace_settings_flow():
    """Settings › Workspace: a new name and time zone (the picker follows), a bad zone refused with the server's
    sentence; agents see neither Members nor Workspace settings."""
    driver = make_driver(1280, 800)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "nav-workspace").click()
        form = visible(driver, "#workspace-settings-form")
        check_labels(driver, "workspace settings")
        check("import-YYYY-MM-DD-HHMM" in form.text, "the time zone is explained as the import tag's clock")
        check(driver.find_element(By.ID, "phone-format-asGiven").is_selected(), "phone numbers are kept as given by default")
        check(gone(driver, "#phone-cleanup"), "no rewrite of stored numbers while they are kept as given")
        name = form.find_element(By.NAME, "name")
        name.clear()
        name.send_keys("Browser Test Renamed")
        zone = form.find_element(By.NAME, "timeZone")
        zone.clear()
        zone.send_keys("Europe/Berlin")
        driver.find_element(By.ID, "save-workspace").click()
        saved = visible(driver, "#workspace-settings-status .message.success")
        check("Europe/Berlin" in saved.text, f"saved: {saved.text}")
        wait(driver).until(lambda d: "Browser Test Renamed" in d.find_element(By.ID, "workspace-select").get_attribute("textContent"))
        shot(driver, "workspace-settings-saved")
        zone.clear()
        zone.send_keys("Mars/Olympus")
        driver.find_element(By.ID, "save-workspace").click()
        refused = visible(driver, "#workspace-settings-status .message.error")
        check("Mars/Olympus" in refused.text, f"bad zone message: {refused.text}")
        shot(driver, "workspace-settings-bad-zone")
        status, settings = api_call("GET", f"/api/v1/workspaces/{WORKSPACE}/settings", OWNER_TOKEN)
        check(status == 200 and settings["timeZone"] == "Europe/Berlin" and settings["name"] == "Browser Test Renamed",
              f"settings kept: {settings}")

        sign_out(driver)
        fill_sign_in(driver, AGENT, PASSWORD)
        visible(driver, "#contacts-results")
        check(gone(driver, "#nav-members") and gone(driver, "#nav-workspace"), "agents see no Members or Workspace settings")
        check(driver.find_element(By.ID, "account-link").is_displayed(), "agents reach their account")
        driver.get(BASE + "/#/settings/members")
        wait(driver).until(lambda d: "Not available" in d.find_element(By.ID, "main").text)
        shot(driver, "agent-no-member-settings")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-workspace-settings")
        raise
    finally:
        driver.quit()


# A Google Contacts export as Google writes it today: its header row, Labels like "* myContacts ::: Friends", and
# many columns with no value in any row.
GOOGLE_HEADERS = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,"
                  "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,"
                  "Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,"
                  "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted").split(",")
GOOGLE_ROWS = [
    {"First Name": "Aisyah", "Last Name": "Rahman", "Labels": "* myContacts ::: Friends", "E-mail 1 - Label": "* Home",
     "E-mail 1 - Value": "aisyah.rahman@example.com", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+60 12-345 6789"},
    {"First Name": "Wei Ling", "Last Name": "Tan", "Labels": "* myContacts ::: Work", "E-mail 1 - Label": "* Work",
     "E-mail 1 - Value": "weiling.tan@example.com", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+60 16-222 3344"},
    {"First Name": "Arjun", "Last Name": "Nair", "Labels": "* myContacts", "E-mail 1 - Label": "* Home",
     "E-mail 1 - Value": "arjun.nair@example.net", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+60 19-876 5432"},
    {"First Name": "Zoë", "Last Name": "Lim", "Labels": "* myContacts ::: Friends ::: Family", "E-mail 1 - Label": "* Home",
     "E-mail 1 - Value": "zoe.lim@example.org", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+60 11-2345 6789"},
    {"First Name": "Daniel", "Last Name": "Ong", "Labels": "* myContacts", "E-mail 1 - Label": "* Other",
     "E-mail 1 - Value": "daniel.ong@example.com", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+60 13-456 7890"},
]
GOOGLE_EMPTY = [h for h in GOOGLE_HEADERS if not any(row.get(h) for row in GOOGLE_ROWS)]
# A German Excel "CSV (Trennzeichen-getrennt)" file: semicolons, Windows-1252 bytes, dates as DD.MM.YYYY.
GERMAN_HEADERS = ["Vorname", "Nachname", "E-Mail", "Telefon", "Geburtstag"]
GERMAN_ROWS = [
    ["Jürgen", "Müller", "juergen.mueller@example.de", "+49 30 1234567", "17.05.1980"],
    ["Käthe", "Schäfer", "kaethe.schaefer@example.de", "+49 89 7654321", "02.11.1975"],
    ["Björn", "Großmann", "bjoern.grossmann@example.de", "+49 40 5558123", "23.01.1990"],
    ["Ünal", "Özdemir", "uenal.oezdemir@example.de", "+49 221 987654", "09.09.1985"],
    ["Anneliese", "Weiß", "anneliese.weiss@example.de", "+49 711 2345678", "30.06.1962"],
]


def write_real_exports(folder):
    """The two export files, written as the apps write them: (Google Contacts path, German Excel path)."""
    google = os.path.join(folder, "contacts.csv")
    with open(google, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(GOOGLE_HEADERS)
        for row in GOOGLE_ROWS:
            writer.writerow([row.get(h, "") for h in GOOGLE_HEADERS])
    german = os.path.join(folder, "Kontakte.csv")
    with open(german, "w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(GERMAN_HEADERS)
        writer.writerows(GERMAN_ROWS)
    with open(german, "rb") as f:
        raw = f.read()
    check(b"J\xfcrgen" in raw and b"M\xfcller" in raw, "the German file holds Windows-1252 bytes")
    return google, german


def mapping_row(driver, index):
    return driver.find_element(By.CSS_SELECTOR, f"#mapping-table tbody tr[data-column='{index}']")


def mapped_field(driver, index):
    return Select(driver.find_element(By.ID, f"map-field-{index}")).first_selected_option.get_attribute("value")


def real_exports_flow():
    """Part 2 with real export files: a Google Contacts export (columns matched by name, known export headers
    suggested with their reason, empty columns listed apart, one suggestion used then the rest accepted at once, the
    review's counts) and a German Excel file (semicolons, Windows-1252: German headers suggested, umlauts intact)."""
    folder = tempfile.mkdtemp(prefix="real-exports-")
    google_file, german_file = write_real_exports(folder)
    column = {h: i for i, h in enumerate(GOOGLE_HEADERS)}
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        driver.find_element(By.ID, "file-input").send_keys(google_file)
        status = visible(driver, "#upload-status .message.success", 30)
        check("5 rows" in status.text and f"{len(GOOGLE_HEADERS)} columns, {len(GOOGLE_EMPTY)} of them empty" in status.text,
              f"upload status: {status.text}")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addNew']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()

        # --- Part 2: First and Last Name matched by name, the e-mail and phone columns suggested (not applied).
        visible(driver, "#mapping-table")
        rows = driver.find_elements(By.CSS_SELECTOR, "#mapping-table tbody tr")
        shown = sorted(int(r.get_attribute("data-column")) for r in rows)
        check(shown == sorted(column[h] for h in GOOGLE_HEADERS if h not in GOOGLE_EMPTY),
              f"the mapping lists the columns with values only: {shown}")
        for header, key in [("First Name", "firstName"), ("Last Name", "lastName")]:
            check(mapped_field(driver, column[header]) == key, f"{header} mapped to {mapped_field(driver, column[header])}")
            check("Matched by name" in mapping_row(driver, column[header]).text, f"{header} is marked as matched by name")
        for header, name, key in [("E-mail 1 - Value", "Email", "email"), ("Phone 1 - Value", "Phone Number", "phone")]:
            row_text = mapping_row(driver, column[header]).text
            check(f"Suggested: {name}" in row_text and "known name" in row_text, f"{header} suggestion: {row_text!r}")
            check(mapped_field(driver, column[header]) == "", f"the {header} suggestion is not applied yet")
            check(not driver.find_element(By.ID, f"map-include-{column[header]}").is_selected(), f"{header} not selected yet")
        empty = driver.find_element(By.ID, "empty-columns")
        check(empty.tag_name == "details" and empty.get_attribute("open") is None, "the empty columns are collapsed")
        summary = empty.find_element(By.TAG_NAME, "summary").text
        check(f"{len(GOOGLE_EMPTY)} empty columns" in summary and "not imported" in summary, f"empty columns summary: {summary}")
        listed = [li.get_attribute("textContent") for li in empty.find_elements(By.TAG_NAME, "li")]
        check(listed == GOOGLE_EMPTY, f"empty columns listed: {listed}")
        check(not driver.find_elements(By.ID, f"map-field-{column['Middle Name']}"), "an empty column has no field picker")
        accept = driver.find_element(By.ID, "accept-suggestions")
        check(accept.is_displayed() and "Accept all suggestions" in accept.text, f"Accept all suggestions shown: {accept.text!r}")
        check_labels(driver, "google export part 2")
        shot(driver, "google-export-part2")

        # The same page on a phone: it fits, with the empty columns opened.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        empty.find_element(By.TAG_NAME, "summary").click()
        wait(driver).until(lambda d: d.find_element(By.ID, "empty-columns").get_attribute("open") is not None)
        check(all(li.is_displayed() for li in empty.find_elements(By.TAG_NAME, "li")), "the opened list shows the empty columns")
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", empty)
        check_fits(driver, "google export part 2 on a phone", 390)
        shot(driver, "google-export-part2-mobile")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

        # One suggestion by its own Use button, then the rest at once.
        before = accept.text
        driver.find_element(By.ID, f"use-suggestion-{column['Phone 1 - Value']}").click()
        check(mapped_field(driver, column["Phone 1 - Value"]) == "phone", "Use applies that one suggestion")
        check(mapped_field(driver, column["E-mail 1 - Value"]) == "", "Use leaves the other suggestions as they are")
        check("Suggestion used: Phone Number" in mapping_row(driver, column["Phone 1 - Value"]).text, "a used suggestion is marked")
        if accept.is_displayed():
            check(accept.text != before, f"the button counts the suggestions left: {before!r} then {accept.text!r}")
        accept.click()
        wait(driver).until(lambda d: gone(d, "#accept-suggestions"))
        check(mapped_field(driver, column["E-mail 1 - Value"]) == "email", "Accept all maps the email column")
        check(mapped_field(driver, column["Phone 1 - Value"]) == "phone", "the phone column stays mapped")
        check(driver.find_element(By.ID, f"map-include-{column['E-mail 1 - Value']}").is_selected(), "the email column is selected")
        check("applied" in text(driver, "#suggestions-status"), f"status: {text(driver, '#suggestions-status')}")
        fields = [mapped_field(driver, int(r.get_attribute("data-column"))) for r in driver.find_elements(By.CSS_SELECTOR, "#mapping-table tbody tr")]
        taken = [f for f in fields if f]
        check(len(taken) == len(set(taken)), f"each field is mapped once: {fields}")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")) == 0,
              f"every rule met: {text(driver, '#mapping-rules')}")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        check_labels(driver, "google export part 2 accepted")
        shot(driver, "google-export-suggestions-accepted")

        # --- Part 3: the five rows are counted.
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(sum(counts.values()) == 5 and counts["errors"] == 0, f"review counts of the Google export: {counts}")
        shot(driver, "google-export-review")

        # --- Back to Part 1 and a German Excel file in place of the Google one.
        driver.find_element(By.ID, "part3-back").click()
        visible(driver, "#mapping-table")
        driver.find_element(By.ID, "part2-back").click()
        visible(driver, "#dropzone")
        driver.find_element(By.ID, "file-input").send_keys(german_file)
        status = visible(driver, "#upload-status .message.success", 30)
        check("Kontakte.csv" in status.text and "5 rows" in status.text and "semicolon" in status.text, f"upload status: {status.text}")
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        german = {h: i for i, h in enumerate(GERMAN_HEADERS)}
        for header, name in [("Vorname", "First Name"), ("Nachname", "Last Name"), ("Telefon", "Phone Number")]:
            row_text = mapping_row(driver, german[header]).text
            check(f"Suggested: {name}" in row_text and "known name" in row_text, f"{header} suggestion: {row_text!r}")
        email_row = mapping_row(driver, german["E-Mail"]).text
        check(mapped_field(driver, german["E-Mail"]) == "email" or "Suggested: Email" in email_row, f"E-Mail: {email_row!r}")
        check(len(driver.find_elements(By.ID, "empty-columns")) == 0, "no empty columns in the German file")
        first_names = mapping_row(driver, german["Vorname"]).find_element(By.CSS_SELECTOR, "td.samples").text
        last_names = mapping_row(driver, german["Nachname"]).find_element(By.CSS_SELECTOR, "td.samples").text
        check("Jürgen" in first_names and "Käthe" in first_names, f"first-name samples: {first_names!r}")
        check("Müller" in last_names and "Schäfer" in last_names, f"last-name samples: {last_names!r}")
        shot(driver, "german-export-part2")
        driver.find_element(By.ID, "accept-suggestions").send_keys(Keys.ENTER)  # keyboard: Enter on the button
        wait(driver).until(lambda d: gone(d, "#accept-suggestions"))
        for header, key in [("Vorname", "firstName"), ("Nachname", "lastName"), ("E-Mail", "email"), ("Telefon", "phone")]:
            check(mapped_field(driver, german[header]) == key, f"{header} mapped to {mapped_field(driver, german[header])!r}")
        check(mapped_field(driver, german["Geburtstag"]) == "", "Geburtstag left unmapped")
        active = driver.switch_to.active_element.get_attribute("id")
        check(active == "suggestions-status", f"the focus moves to the status after Accept all: {active}")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        shot(driver, "german-export-suggestions-accepted")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(sum(counts.values()) == 5, f"review counts of the German file: {counts}")
        shot(driver, "german-export-review")
        canceled = cancel_open_imports()  # nothing is left in review
        check("Kontakte.csv" in canceled, f"the German import in review is canceled: {canceled}")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-real-exports")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)


def wizard_upload(driver, path):
    """Picks a file in Part 1 and waits for its upload."""
    driver.find_element(By.ID, "file-input").send_keys(path)
    return visible(driver, "#upload-status .message.success", 30)


def import_again_flow():
    """Import again with these settings: the desktop flow's completed import offers its settings from the history; a
    file with the same headers but the Email column missing takes them (purpose, identifier, tags, mapping) with a
    warning about the missing column, shown in Part 1 and Part 2; the review counts its rows; then it is canceled
    (through the API)."""
    folder = tempfile.mkdtemp(prefix="import-again-")
    source = read_csv(CSV_FILE)
    email = source[0].index("Email")
    again_file = os.path.join(folder, "contacts-again.csv")
    with open(again_file, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([row[:email] + row[email + 1:] for row in source[:21]])
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/settings/data-import")
        visible(driver, "#history-table")
        name = os.path.basename(CSV_FILE)
        row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#history-table tbody tr")
                   if r.find_elements(By.TAG_NAME, "td")[1].text == name and "Completed" in r.text)
        button = row.find_element(By.CSS_SELECTOR, "button.import-again")
        label = driver.execute_script("return arguments[0].textContent", button)
        check(label.startswith("Import again with these settings") and name in label, f"the button names the file: {label!r}")
        check(all(b.find_element(By.XPATH, "./ancestor::tr").text.find("Processing") < 0
                  for b in driver.find_elements(By.CSS_SELECTOR, "button.import-again")), "no Import again for an import in progress")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        shot(driver, "import-again-history")
        button.click()

        # --- Part 1: the notice, the file, the warning, the carried purpose, identifier and tags.
        notice = visible(driver, "#like-notice")
        check(f"Using the settings of {name}" in notice.text, f"notice: {notice.text}")
        check(driver.find_element(By.ID, "start-from-scratch").is_displayed(), "Start from scratch offered")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is not None, "NEXT waits for a file")
        wizard_upload(driver, again_file)
        warning = visible(driver, "#upload-warnings")
        check(warning.get_attribute("role") == "status" and "Email" in warning.text, f"upload warning: {warning.text}")
        check(driver.find_element(By.ID, "purpose-addAndUpdate").is_selected(), "the purpose is carried")
        check(driver.find_element(By.ID, "identifier-phone").is_selected(), "the identifier is carried")
        check("browser-test" in text(driver, "#tag-chips"), f"the tags are carried: {text(driver, '#tag-chips')}")
        check(text(driver, "#import-tag-chip > span").startswith("import-"), "a new import tag")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is None, "NEXT allowed at once")
        check_labels(driver, "import again part 1")
        shot(driver, "import-again-part1-warning")
        driver.find_element(By.ID, "part1-next").click()

        # --- Part 2: the carried mapping, and the warning again.
        visible(driver, "#mapping-table")
        check("Email" in text(driver, "#mapping-warnings"), "the warning is shown in Part 2 too")
        headers = source[0][:email] + source[0][email + 1:]
        column = {h: i for i, h in enumerate(headers)}
        for header, key in [("First Name", "firstName"), ("Phone Number", "phone"), ("Company", "custom.company"),
                            ("Lifetime Value", "custom.lifetime_value")]:
            check(mapped_field(driver, column[header]) == key, f"{header} carried as {mapped_field(driver, column[header])!r}")
        check(f"As in {name}" in mapping_row(driver, column["First Name"]).text, "carried columns are marked")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        check_labels(driver, "import again part 2")
        shot(driver, "import-again-part2-mapping")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(sum(counts.values()) == 20, f"review counts: {counts}")
        shot(driver, "import-again-review")
        canceled = cancel_open_imports()
        check(os.path.basename(again_file) in canceled, f"the import in review is canceled: {canceled}")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-import-again")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)


def date_format_flow():
    """A custom date field and a column of DD.MM.YYYY dates: Part 2 preselects the detected format, the review finds
    no error, the import completes; the next upload of such a file remembers the mapping and its Do Not Overwrite,
    and dates that read both ways (01/02/1985: day and month both 12 or less) make choosing a format a rule."""
    folder = tempfile.mkdtemp(prefix="date-format-")
    status, created = api_call("POST", f"/api/v1/workspaces/{WORKSPACE}/contact-fields", OWNER_TOKEN,
                               {"name": "Geburtstag", "fieldId": "geburtstag", "type": "date"})
    check(status in (200, 201), f"date field created: {status} {created}")
    header = "First Name,Phone Number,Email,Geburtstag\n"
    german_file = os.path.join(folder, "geburtstage.csv")
    with open(german_file, "w", encoding="utf-8") as f:
        f.write(header + "Anna,+60170000101,anna@dates.test,17.05.1980\nBernd,+60170000102,bernd@dates.test,28.11.1975\n"
                "Clara,+60170000103,clara@dates.test,03.01.2001\n")
    both_ways_file = os.path.join(folder, "geburtstage-2.csv")
    with open(both_ways_file, "w", encoding="utf-8") as f:
        f.write(header + "Dora,+60170000104,dora@dates.test,01/02/1985\nEmil,+60170000105,emil@dates.test,12/11/1990\n")
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, german_file)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        for index, key in [(0, "firstName"), (1, "phone"), (2, "email")]:
            if mapped_field(driver, index) != key:
                Select(driver.find_element(By.ID, f"map-field-{index}")).select_by_value(key)
        if mapped_field(driver, 3) != "custom.geburtstag":
            Select(driver.find_element(By.ID, "map-field-3")).select_by_value("custom.geburtstag")
        date_select = Select(visible(driver, "#map-date-3"))
        check(date_select.first_selected_option.get_attribute("value") == "DD.MM.YYYY",
              f"detected format: {date_select.first_selected_option.text}")
        check([o.get_attribute("value") for o in date_select.options] == ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY",
                                                                        "DD-MM-YYYY", "MM-DD-YYYY", "YYYY/MM/DD"], "the seven formats")
        check("Detected from the values" in mapping_row(driver, 3).text, "the detected format is explained")
        check(gone(driver, "#map-date-0"), "no date format for a text field")
        dno = driver.find_element(By.ID, "map-dno-2")
        if not dno.is_selected():
            dno.click()
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        check_labels(driver, "date format part 2")
        shot(driver, "date-format-detected")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts["errors"] == 0 and counts["imported"] == 3, f"review counts of valid dates: {counts}")
        shot(driver, "date-format-review")
        driver.find_element(By.ID, "start-import").click()
        visible(driver, "#started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        visible(driver, "#job-done", 60)
        status, found = api_call("GET", f"/api/v1/workspaces/{WORKSPACE}/contacts?search=anna%40dates.test", OWNER_TOKEN)
        check(status == 200 and "1980-05-17" in json.dumps(found), f"the date stored as 1980-05-17: {found}")

        # --- The next upload: the last import's choices remembered; dates that read both ways ask for a format.
        driver.get(BASE + "/#/contacts")
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, both_ways_file)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        check("As in your last import" in mapping_row(driver, 2).text, f"remembered: {mapping_row(driver, 2).text!r}")
        check(driver.find_element(By.ID, "map-dno-2").is_selected(), "the remembered Do Not Overwrite is ticked")
        check(not driver.find_element(By.ID, "map-dno-0").is_selected(), "Do Not Overwrite left as it was elsewhere")
        check(mapped_field(driver, 3) == "custom.geburtstag", "the date column is remembered")
        shot(driver, "remembered-do-not-overwrite")
        date_select = Select(visible(driver, "#map-date-3"))
        check(date_select.first_selected_option.get_attribute("value") == "", "no format preselected when dates read both ways")
        unmet = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")]
        check(any("Choose the date format of “Geburtstag”" in r for r in unmet), f"the date rule is unmet: {unmet}")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is not None, "NEXT waits for a format")
        check_labels(driver, "date format both ways")
        shot(driver, "date-format-choose")
        options = {o.get_attribute("value"): o.text for o in date_select.options}
        check("fits" in options["DD/MM/YYYY"] and "fits" in options["MM/DD/YYYY"], f"the formats that fit are marked: {options}")
        date_select.select_by_value("DD/MM/YYYY")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed once chosen")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts["errors"] == 0 and counts["imported"] == 2, f"review counts: {counts}")
        shot(driver, "date-format-chosen-review")
        canceled = cancel_open_imports()
        check(os.path.basename(both_ways_file) in canceled, f"the import in review is canceled: {canceled}")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-date-format")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)


# Contacts of the phone workspace stored as given, before it switches to E.164, with what the rewrite makes of each
# (default country Malaysia): three change, one is E.164 already, one is not a valid number, and one would become a
# number another contact already has.
PHONE_SEEDS = [
    ("Aisyah", "+60 12-345 6789", "+60123456789", "Changed"),
    ("Daniel", "012-987 6543", "+60129876543", "Changed"),
    ("Lucía", "+34 612 34 56 78", "+34612345678", "Changed"),
    ("Mei", "+60123456700", "+60123456700", "Unchanged"),
    ("Ravi", "1234 5678", "", "Not valid, kept"),
    ("Wei Ling", "012-345 6789", "", "Conflict, kept"),
]


def phones_api(method, path, body=None, content_type="application/json"):
    """A call to the phone workspace's API (path under /api/v1/workspaces/{id}) with its owner's token."""
    return api_call(method, f"/api/v1/workspaces/{PHONES_WORKSPACE}{path}", PHONES_TOKEN, body, content_type)


def phone_of(first_name):
    status, found = phones_api("GET", "/contacts?search=" + urllib.parse.quote(first_name))
    check(status == 200, f"contacts search answered {status}")
    matches = [c for c in found["contacts"] if c["firstName"] == first_name]
    check(len(matches) == 1, f"one contact named {first_name}: {found}")
    return matches[0]["phone"]


def phone_setting_flow():
    """Settings › Workspace, phone numbers: contacts stored as given first (through the API); then the owner chooses
    E.164, is told by the server that it needs a default country, picks Malaysia from the countries (named in the
    browser's language with their calling codes) and saves; the rewrite of the stored numbers appears below."""
    for name, phone, _, _ in PHONE_SEEDS:
        status, created = phones_api("POST", "/contacts", {"firstName": name, "phone": phone})
        check(status == 201 and created["phone"] == phone, f"{name} stored as given: {status} {created}")
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, PHONES_OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "nav-workspace").click()
        form = visible(driver, "#workspace-settings-form")
        fieldset = form.find_element(By.ID, "phone-numbers")
        check(driver.find_element(By.ID, "phone-format-asGiven").is_selected(), "as given by default")
        check("+60 12-345 6789" in fieldset.text and "012-345 6789" in fieldset.text and "different numbers" in fieldset.text,
              f"as given explained: {fieldset.text}")
        check("+60123456789" in fieldset.text, f"E.164 explained: {fieldset.text}")
        check(gone(driver, "#phone-cleanup"), "no rewrite while numbers are kept as given")
        country = Select(form.find_element(By.NAME, "defaultCountry"))
        labels = [o.text for o in country.options]
        check(labels[0] == "Choose a country…" and "Malaysia (+60)" in labels and "Spain (+34)" in labels
              and "Germany (+49)" in labels, f"countries: {labels[:5]}…")
        check(labels.index("Germany (+49)") < labels.index("Malaysia (+60)") < labels.index("Spain (+34)"), "countries sorted by name")
        check(country.first_selected_option.get_attribute("value") == "", "no default country yet")
        check_labels(driver, "phone setting")

        # E.164 without a default country: the server says what is missing.
        driver.find_element(By.CSS_SELECTOR, "label[for='phone-format-e164']").click()
        driver.find_element(By.ID, "save-workspace").click()
        refused = visible(driver, "#workspace-settings-status .message.error")
        check("defaultCountry" in refused.text and "012-345 6789" in refused.text, f"E.164 without a country: {refused.text}")
        shot(driver, "phone-setting-needs-country")

        country.select_by_value("MY")
        driver.find_element(By.ID, "save-workspace").click()
        saved = visible(driver, "#workspace-settings-status .message.success")
        check("phone numbers in E.164 (default country Malaysia (+60))" in saved.text, f"saved: {saved.text}")
        section = visible(driver, "#phone-cleanup")
        check("does not change the contacts already stored" in section.text and "Malaysia (+60)" in section.text,
              f"the rewrite is explained: {section.text}")
        check(driver.find_element(By.ID, "count-phones").is_displayed(), "Count numbers to rewrite offered")
        check(driver.find_element(By.ID, "phone-format-e164").is_selected(), "E.164 chosen")
        driver.execute_script("document.getElementById('phone-numbers').scrollIntoView()")
        shot(driver, "phone-setting-e164")
        status, settings = phones_api("GET", "/settings")
        check(status == 200 and settings["phoneNumbers"] == "e164" and settings["defaultCountry"] == "MY", f"settings: {settings}")
        check(phone_of("Daniel") == "012-987 6543", "switching to E.164 leaves the stored numbers as they were")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-phone-setting")
        raise
    finally:
        driver.quit()


def dry_count(driver):
    """The dry count's four numbers, as shown."""
    spans = driver.find_elements(By.CSS_SELECTOR, "#phone-dry-count span[data-count]")
    return {s.get_attribute("data-count"): int(s.get_attribute("data-value")) for s in spans}


def phone_rewrite_flow():
    """The rewrite of the stored numbers: the dry count (nothing written), the confirmation, the job to its four counts
    and its results file; the page opened again shows that last rewrite, to a manager too (with the settings
    read-only); on a phone the section fits."""
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, PHONES_OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/settings/workspace")
        visible(driver, "#phone-cleanup")
        check("No rewrite has run" in text(driver, "#phone-cleanup-body"), "no rewrite yet")
        driver.find_element(By.ID, "count-phones").click()
        line = visible(driver, "#phone-dry-count", 30)
        check(dry_count(driver) == {"changed": 3, "unchanged": 1, "notValid": 1, "conflicts": 1}, f"dry count: {dry_count(driver)}")
        check(line.text == "3 numbers will change to E.164 · 1 already E.164 · 1 not valid (kept as it is) · "
                           "1 conflict (kept: another contact has the number)", f"dry count line: {line.text!r}")
        rewrite = driver.find_element(By.ID, "rewrite-phones")
        check(rewrite.text == "Rewrite 3 numbers", f"the rewrite button: {rewrite.text!r}")
        check(phone_of("Aisyah") == "+60 12-345 6789", "the dry count writes nothing")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", line)
        shot(driver, "phone-rewrite-dry-count")

        # Canceled, nothing starts; confirmed, the job runs to its counts.
        rewrite.click()
        dialog = visible(driver, "#confirm-dialog")
        check("Rewrite 3 stored phone numbers to E.164?" in dialog.text, f"confirmation: {dialog.text}")
        shot(driver, "phone-rewrite-confirm")
        driver.find_element(By.ID, "confirm-cancel").click()
        wait(driver).until(lambda d: gone(d, "#confirm-dialog"))
        status, jobs = phones_api("GET", "/phone-normalization")
        check(status == 200 and jobs["jobs"] == [], f"no rewrite started on Cancel: {jobs}")
        driver.find_element(By.ID, "rewrite-phones").click()
        confirm(driver)
        result = visible(driver, "#phone-rewrite-result[data-status='completed']", 60)
        counts = {s.get_attribute("data-count"): int(s.get_attribute("data-value"))
                  for s in result.find_elements(By.CSS_SELECTOR, "#phone-rewrite-counts span[data-count]")}
        check(counts == {"changed": 3, "unchanged": 1, "notValid": 1, "conflicts": 1}, f"rewrite counts: {counts}")
        check("3 numbers changed to E.164 · 1 already E.164" in result.text and "Rewrite completed" in result.text,
              f"rewrite result: {result.text}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", result)
        shot(driver, "phone-rewrite-completed")
        for name, _, stored, outcome in PHONE_SEEDS:
            if outcome == "Changed":
                check(phone_of(name) == stored, f"{name} rewritten to {stored}: {phone_of(name)}")
        check(phone_of("Wei Ling") == "012-345 6789" and phone_of("Ravi") == "1234 5678", "conflicts and invalid numbers kept")

        # The results file: one line per contact with a phone, its old and new number and what happened.
        before = set(os.listdir(DOWNLOADS))
        driver.find_element(By.ID, "download-phone-results").click()
        rows = read_csv(wait_for_new_download(before, "-results.csv"))
        check(rows[0] == ["Contact ID", "Old Phone", "New Phone", "Status"], f"results file header: {rows[0]}")
        by_old = {r[1]: r for r in rows[1:]}
        for _, phone, stored, outcome in PHONE_SEEDS:
            check(by_old[phone][3] == outcome, f"{phone}: {by_old.get(phone)}")
            if outcome in ("Changed", "Unchanged"):
                check(by_old[phone][2] == stored, f"{phone} becomes {stored}: {by_old[phone]}")

        # Opened again: the last rewrite, with its results file.
        driver.refresh()
        result = visible(driver, "#phone-rewrite-result[data-status='completed']")
        check("3 numbers changed to E.164" in result.text, f"last rewrite on opening: {result.text}")
        check(driver.find_element(By.ID, "download-phone-results").is_displayed(), "its results file on offer")
        check(driver.find_element(By.ID, "count-phones").is_displayed(), "and another count")
        driver.find_element(By.ID, "count-phones").click()
        visible(driver, "#phone-dry-count", 30)
        check(dry_count(driver) == {"changed": 0, "unchanged": 4, "notValid": 1, "conflicts": 1}, f"count after: {dry_count(driver)}")
        check("No stored number needs rewriting" in text(driver, "#phone-count-result"), "nothing left to rewrite")
        check(gone(driver, "#rewrite-phones"), "no rewrite button with nothing to rewrite")

        # On a phone the section fits.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.execute_script("document.getElementById('phone-cleanup').scrollIntoView()")
        check_fits(driver, "phone rewrite on a phone", 390)
        shot(driver, "phone-rewrite-mobile")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

        # A manager: the settings read-only, and the rewrite with its last run.
        sign_out(driver)
        fill_sign_in(driver, PHONES_MANAGER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "nav-workspace").click()
        settings = visible(driver, "#workspace-settings-read-only")
        check("E.164, default country Malaysia (+60)" in text(driver, "#phone-setting"), f"manager's view: {settings.text}")
        check(gone(driver, "#workspace-settings-form"), "no settings form for a manager")
        visible(driver, "#phone-rewrite-result[data-status='completed']")
        check(driver.find_element(By.ID, "count-phones").is_displayed(), "managers may rewrite too")
        check_labels(driver, "manager workspace settings")
        shot(driver, "phone-manager-read-only")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-phone-rewrite")
        raise
    finally:
        driver.quit()


def phone_import_flow():
    """Under E.164, an import through the wizard of national Malaysian numbers: the review counts the phones rewritten
    to E.164 (a national number matches the contact stored in E.164), and so does the finished import; a contact added
    by hand with a number that is not valid is refused next to its phone field. Switched back to as given, the rewrite
    section goes."""
    folder = tempfile.mkdtemp(prefix="phone-import-")
    path = os.path.join(folder, "kenalan.csv")
    with open(path, "w", encoding="utf-8") as f:
        # Siti and Lee are new national numbers, Ahmad is E.164 already, Daniel's 012-987 6543 is stored as +60129876543.
        f.write("First Name,Phone Number\nSiti,012-555 0101\nAhmad,+60125550102\nLee,013 555 0103\nDaniel,012-987 6543\n")
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, PHONES_OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, path)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        # Under E.164 Part 1 says how phone numbers are compared in this workspace.
        wait(driver).until(lambda d: "compared in E.164 (default country MY)" in visible(d, "#identifier-e164-hint").text)
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        check(mapped_field(driver, 0) == "firstName" and mapped_field(driver, 1) == "phone", "columns matched by name")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 3, "updated": 1, "skipped": 0, "errors": 0}, f"review counts: {counts}")
        line = text(driver, "#review-phones-normalized")
        check(line.startswith("3 phone numbers rewritten to E.164"), f"phones rewritten in the review: {line!r}")
        shot(driver, "phone-import-review")
        driver.find_element(By.ID, "start-import").click()
        visible(driver, "#started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        visible(driver, "#job-done", 60)
        check(text(driver, "#job-phones-normalized").startswith("3 phone numbers rewritten to E.164"),
              f"phones rewritten in the summary: {text(driver, '#job-phones-normalized')!r}")
        shot(driver, "phone-import-complete")
        # The import's own link (the import-finished email's) says so too.
        history = driver.find_element(By.CSS_SELECTOR, "#job-done a[href^='#/settings/data-import/']").get_attribute("href")
        import_id = int(history.rsplit("/", 1)[1])
        driver.get(f"{BASE}/#/workspaces/{PHONES_WORKSPACE}/imports/{import_id}")
        offer = visible(driver, "#import-offer")
        check(text(driver, "#offer-phones-normalized").startswith("3 phone numbers rewritten to E.164"), f"the import's page: {offer.text}")
        check(phone_of("Siti") == "+60125550101" and phone_of("Lee") == "+60135550103", "national numbers stored in E.164")
        status, found = phones_api("GET", "/contacts?search=Daniel")
        check(status == 200 and len(found["contacts"]) == 1, f"012-987 6543 updated the stored Daniel, not a new one: {found}")

        # A contact added by hand: a number that is not valid is named next to the phone field.
        driver.get(BASE + "/#/contacts")
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "add-contact").click()
        dialog = visible(driver, "dialog[aria-label='Add contact']")
        dialog.find_element(By.NAME, "firstName").send_keys("Farah")
        phone = dialog.find_element(By.NAME, "phone")
        phone.send_keys("1234 5678")
        dialog.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
        error = visible(driver, f"#{phone.get_attribute('id')}-error")
        check(error.text == "Phone Number is not a valid number for MY (+60).", f"the phone's error: {error.text!r}")
        check(phone.get_attribute("aria-invalid") == "true" and phone.get_attribute("aria-describedby") == error.get_attribute("id"),
              "the phone field is marked invalid and described by its error")
        check(driver.switch_to.active_element.get_attribute("id") == phone.get_attribute("id"), "the focus moves to the phone field")
        shot(driver, "phone-add-contact-invalid")
        phone.clear()
        phone.send_keys("017-555 0101" + Keys.ENTER)
        wait(driver).until(lambda d: gone(d, "dialog[aria-label='Add contact']"))
        wait(driver).until(lambda d: "+60175550101" in d.find_element(By.ID, "contacts-results").text)

        # Back to as given: the rewrite section goes.
        driver.get(BASE + "/#/settings/workspace")
        visible(driver, "#phone-cleanup")
        driver.find_element(By.CSS_SELECTOR, "label[for='phone-format-asGiven']").click()
        driver.find_element(By.ID, "save-workspace").click()
        saved = visible(driver, "#workspace-settings-status .message.success")
        check("phone numbers as given" in saved.text, f"saved: {saved.text}")
        wait(driver).until(lambda d: gone(d, "#phone-cleanup"))
        status, settings = phones_api("GET", "/settings")
        check(settings["phoneNumbers"] == "asGiven" and settings["defaultCountry"] == "MY", f"settings: {settings}")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-phone-import")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)


def corrected_file_flow():
    """Upload a corrected file: an import of a file with a bad email, configured through the wizard (purpose,
    identifier, a tag, columns mapped by hand, Do Not Overwrite on one), reviews with 1 error; a file that is no CSV and
    one with no rows are refused on Part 3, which stays; the corrected file (its columns in another order, the Mobile
    column gone) replaces the file of the same import and opens Part 2 with the server's warning and the mapping of
    the headers it still has (Part 1 kept purpose, identifier and tags); reviewed again it has no error; imported."""
    folder = tempfile.mkdtemp(prefix="corrected-file-")
    first_file = os.path.join(folder, "corrections.csv")
    with open(first_file, "w", encoding="utf-8") as f:
        f.write("First Name,Surname,E-mail Address,Mobile,Organisation\n"
                "Alya,Rahman,alya@corrected.test,+60170000201,Acme\n"
                "Badrul,Hakim,badrul-at-corrected.test,+60170000202,Acme\n"
                "Chen,Wei,chen@corrected.test,+60170000203,Beta\n")
    fixed_headers = ["E-mail Address", "Organisation", "First Name", "Surname"]
    fixed_file = os.path.join(folder, "corrections-fixed.csv")
    with open(fixed_file, "w", encoding="utf-8") as f:
        f.write(",".join(fixed_headers) + "\n"
                "alya@corrected.test,Acme,Alya,Rahman\n"
                "badrul@corrected.test,Acme,Badrul,Hakim\n"
                "chen@corrected.test,Beta,Chen,Wei\n")
    not_csv = os.path.join(folder, "corrections.txt")
    with open(not_csv, "w", encoding="utf-8") as f:
        f.write("First Name\nAlya\n")
    no_rows = os.path.join(folder, "corrections-empty.csv")
    with open(no_rows, "w", encoding="utf-8") as f:
        f.write("First Name,Surname,E-mail Address,Mobile,Organisation\n")
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, first_file)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-email']").click()
        driver.find_element(By.ID, "tag-input").send_keys("corrected-file" + Keys.ENTER)
        wait(driver).until(lambda d: "corrected-file" in d.find_element(By.ID, "tag-chips").text)
        import_tag = text(driver, "#import-tag-chip > span")
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        first = {"First Name": "firstName", "Surname": "lastName", "E-mail Address": "email", "Mobile": "phone",
                 "Organisation": "custom.company"}
        for index, key in enumerate(first.values()):
            if mapped_field(driver, index) != key:
                Select(driver.find_element(By.ID, f"map-field-{index}")).select_by_value(key)
        driver.find_element(By.ID, "map-dno-4").click()  # Organisation: Do Not Overwrite
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 2, "updated": 0, "skipped": 0, "errors": 1}, f"review counts with the bad email: {counts}")
        hint = text(driver, "#wizard-body .message.warn")
        check("upload the corrected file: it keeps this import’s settings" in hint, f"the hint says the settings are kept: {hint!r}")
        error_link = driver.find_element(By.ID, "download-error-file").get_attribute("href")
        import_id = int(re.search(r"/imports/(\d+)/error-file", error_link).group(1))

        # --- Refused on Part 3: a file that is no CSV (checked here) and one with no rows (the server says why).
        corrected_input = driver.find_element(By.ID, "corrected-file-input")
        corrected_input.send_keys(not_csv)
        refused = visible(driver, "#corrected-status .message.error")
        check("is not a CSV file" in refused.text, f"a .txt file is refused: {refused.text}")
        corrected_input.send_keys(no_rows)
        wait(driver, 30).until(lambda d: "is not a CSV file" not in text(d, "#corrected-status")
                               and d.find_elements(By.CSS_SELECTOR, "#corrected-status .message.error"))
        refused = driver.find_element(By.CSS_SELECTOR, "#corrected-status .message.error")
        status, still = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(status == 200 and still["status"] == "review" and still["fileName"] == "corrections.csv",
              f"a refused file leaves the import as it was: {still.get('status')} {still.get('fileName')}")
        check(refused.text and "Uploading" not in refused.text, f"the server's refusal is shown: {refused.text!r}")
        check(count_of(driver, "errors") == 1, "Part 3 stays, with its review")
        for button in ["part3-back", "upload-corrected", "start-import"]:
            check(driver.find_element(By.ID, button).is_enabled(), f"{button} enabled again after the refusal")
        check_labels(driver, "corrected file refused")
        shot(driver, "corrected-file-refused")

        # --- The corrected file: columns in another order, Mobile gone; Part 2 with the warning and the mapping kept.
        driver.find_element(By.ID, "upload-corrected").click()  # opens the file picker (headless: nothing to see)
        driver.find_element(By.ID, "corrected-file-input").send_keys(fixed_file)
        visible(driver, "#mapping-table", 30)
        check(driver.find_element(By.CSS_SELECTOR, ".steps li[aria-current='step']").text.startswith("Part 2"), "Part 2 is on show")
        warning = visible(driver, "#mapping-warnings")
        check(warning.get_attribute("role") == "status", "the warnings are a status")
        check("From this import’s settings:" in warning.text
              and "This file has no column “Mobile”, which this import mapped to phone: it is left out." in warning.text,
              f"the warning names the missing column: {warning.text!r}")
        notice = text(driver, "#corrected-notice")
        check("corrections-fixed.csv replaced corrections.csv" in notice and "NEXT" in notice, f"the notice: {notice!r}")
        rows = driver.find_elements(By.CSS_SELECTOR, "#mapping-table tbody tr")
        check(len(rows) == 4, f"{len(rows)} columns in the mapping of the corrected file")
        column = {h: i for i, h in enumerate(fixed_headers)}
        for header in fixed_headers:
            check(mapped_field(driver, column[header]) == first[header],
                  f"{header} (now column {column[header]}) kept as {mapped_field(driver, column[header])!r}")
            check(driver.find_element(By.ID, f"map-include-{column[header]}").is_selected(), f"{header} still selected")
        check("As in corrections.csv" in mapping_row(driver, column["Surname"]).text, "kept columns are marked")
        check(driver.find_element(By.ID, f"map-dno-{column['Organisation']}").is_selected(), "Do Not Overwrite kept")
        check(not driver.find_element(By.ID, f"map-dno-{column['E-mail Address']}").is_selected(), "Do Not Overwrite not added")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")) == 0,
              f"every rule met: {text(driver, '#mapping-rules')}")
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed")
        status, replaced = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(status == 200 and replaced["status"] == "draft" and replaced["fileName"] == "corrections-fixed.csv",
              f"the same import holds the corrected file, a draft again: {replaced.get('status')} {replaced.get('fileName')}")
        check_labels(driver, "corrected file part 2")
        shot(driver, "corrected-file-part2-warning")

        # Part 1 kept the purpose, identifier, tags and import tag, and shows the new file.
        driver.find_element(By.ID, "part2-back").click()
        status_line = visible(driver, "#upload-status .message.success")
        check("corrections-fixed.csv: 3 rows, 4 columns" in status_line.text, f"upload status: {status_line.text}")
        check("Mobile" in text(driver, "#upload-warnings"), "the warning is shown in Part 1 too")
        check(driver.find_element(By.ID, "purpose-addAndUpdate").is_selected(), "the purpose is kept")
        check(driver.find_element(By.ID, "identifier-email").is_selected(), "the identifier is kept")
        check("corrected-file" in text(driver, "#tag-chips"), f"the tag is kept: {text(driver, '#tag-chips')}")
        check(text(driver, "#import-tag-chip > span") == import_tag, "the import tag is kept")
        shot(driver, "corrected-file-part1-kept")
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        check(mapped_field(driver, column["Organisation"]) == "custom.company", "the mapping is still there")

        # --- Reviewed again: no error; imported.
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 3, "updated": 0, "skipped": 0, "errors": 0}, f"review counts of the corrected file: {counts}")
        check("corrections-fixed.csv" in text(driver, "#review-heading + p"), "the review names the corrected file")
        check(gone(driver, "#download-error-file"), "no error file any more")
        shot(driver, "corrected-file-review")
        driver.find_element(By.ID, "start-import").click()
        visible(driver, "#started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        done = visible(driver, "#job-done", 60)
        check("3 added" in done.text, f"completion summary: {done.text}")
        history = driver.find_element(By.CSS_SELECTOR, "#job-done a[href^='#/settings/data-import/']").get_attribute("href")
        check(int(history.rsplit("/", 1)[1]) == import_id, f"the job is the same import {import_id}: {history}")
        shot(driver, "corrected-file-imported")

        # Through the API: the same import was corrected and completed; no other import holds either file.
        status, job = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(status == 200 and job["id"] == import_id and job["status"] == "completed"
              and job["fileName"] == "corrections-fixed.csv", f"import {import_id}: {job}")
        check(job["config"]["importTag"] == import_tag and "corrected-file" in job["config"]["tags"], f"its settings: {job['config']}")
        status, listed = api_call("GET", f"{ws}/imports", OWNER_TOKEN)
        ids = [i["id"] for i in listed["imports"] if i["fileName"].startswith("corrections")]
        check(ids == [import_id], f"one import for both files: {ids}")
        status, found = api_call("GET", f"{ws}/contacts?search=badrul%40corrected.test", OWNER_TOKEN)
        check(status == 200 and len(found["contacts"]) == 1, f"the corrected row is imported: {found}")
        stored = json.dumps(found)
        check("Acme" in stored and "corrected-file" in stored and "Hakim" in stored, f"its values and tag: {stored}")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-corrected-file")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)


def grid_rows(driver):
    """The row numbers the grid of rows to fix shows, in order."""
    return [int(r.get_attribute("data-row")) for r in driver.find_elements(By.CSS_SELECTOR, "#fix-grid tbody tr[data-row]")]


def grid_cell(driver, row, column):
    return driver.find_element(By.CSS_SELECTOR, f"#fix-grid tr[data-row='{row}'] td.cell[data-col='{column}']")


def row_state(driver, row):
    return text(driver, f"#fix-grid tr[data-row='{row}'] td.row-state")


def group_button(driver, starts_with):
    """The errors-at-a-glance filter whose rule starts with starts_with ("All errors" for all)."""
    for button in driver.find_elements(By.CSS_SELECTOR, "#error-groups button.group-filter"):
        if button.find_element(By.CSS_SELECTOR, ".group-message").text.startswith(starts_with):
            return button
    raise AssertionError(f"no error group starting {starts_with!r}: {text(driver, '#error-groups')}")


def edit_cell(driver, row, column, value, key=Keys.ENTER):
    """Corrects a cell of the grid with the keyboard: the cell selected, Enter, the new text, then key (Enter or Tab)."""
    cell = grid_cell(driver, row, column)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", cell)
    cell.click()
    check(driver.switch_to.active_element == cell, f"row {row} column {column} has the focus")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    editor = visible(driver, f"#fix-grid tr[data-row='{row}'] td.cell[data-col='{column}'] input.cell-input")
    check(driver.switch_to.active_element == editor, "Enter opens the cell's editor, focused")
    check(editor.get_attribute("aria-label"), "the editor is labelled")
    ActionChains(driver).send_keys(value).send_keys(key).perform()  # the old text is selected: typing replaces it


def fix_rows_flow():
    """Fix in the browser: a file with two rows sharing a phone, a bad email in 102 rows, "Malaysia" for a country code
    in two rows and "Singapore" in one, and two phones without their country code, uploaded and configured through the
    wizard. Part 3 shows the four counts as a bar, the rows in error grouped by rule, and the grid, 100 rows a page
    (Load more). A group filters the grid; correcting one of the two duplicates with the keyboard (Enter, text, Enter)
    clears both and the counts, the bar and the groups follow; Escape cancels; Tab saves and moves on, the arrow keys
    move between cells; a bad country code is refused with the server's message; Replace and Add country code say how
    many rows they changed; a row's Skip and Undo skip; Skip all rows still in error (confirmed) leaves no error;
    IMPORT imports the corrected rows and skips the others. At 390×844 the page fits and the grid scrolls in its box.
    Then an update of those contacts: above IMPORT the review says how many will have a value replaced or cleared and
    how many will lose tags, and says it anew after a correction in the grid."""
    folder = tempfile.mkdtemp(prefix="fix-rows-")
    path = os.path.join(folder, "fix-rows.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("First Name,Phone,Email,Country\n"
                "Ann,+60197300001,ann@fix-rows.test,MY\n"        # 1 fine
                "Bob,+60197300002,bob-at-fix-rows.test,MY\n"     # 2 bad email: corrected in the grid (Tab)
                "Cat,+60197300003,cat@fix-rows.test,MY\n"        # 3 same phone as 5
                "Dan,0197300004,dan@fix-rows.test,Malaysia\n"    # 4 country name (Replace); phone without +60
                "Eve,+60197300003,eve@fix-rows.test,MY\n"        # 5 same phone as 3: corrected in the grid (Enter)
                "Fay,+60197300006,fay@fix-rows.test,Malaysia\n"  # 6 country name (Replace)
                "Gus,+60197300007,gus-at-fix-rows,MY\n"          # 7 bad email: skipped
                "Hal,019-730 0008,hal@fix-rows.test,MY\n"        # 8 fine; phone without +60
                "Ivy,+60197300009,ivy@fix-rows.test,Singapore\n")  # 9 country name: skipped
        for n in range(10, 110):                                 # 10 to 109 bad emails: skipped
            f.write(f"Row{n},+6019731{n:04d},row{n}-at-fix-rows,MY\n")
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    driver = make_driver(1280, 900)
    try:
        cancel_open_imports()
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, path)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        for index, key in enumerate(["firstName", "phone", "email", "country"]):
            if not driver.find_element(By.ID, f"map-include-{index}").is_selected():
                driver.find_element(By.ID, f"map-include-{index}").click()
            if mapped_field(driver, index) != key:
                Select(driver.find_element(By.ID, f"map-field-{index}")).select_by_value(key)
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 2, "updated": 0, "skipped": 0, "errors": 107}, f"review counts: {counts}")
        error_link = driver.find_element(By.ID, "download-error-file").get_attribute("href")
        import_id = int(re.search(r"/imports/(\d+)/error-file", error_link).group(1))

        # --- The errors at a glance: the bar, the groups, the grid (100 rows, then Load more).
        bar = driver.find_element(By.ID, "review-bar")
        label = bar.get_attribute("aria-label")
        check(bar.get_attribute("role") == "img" and "to be added 2" in label and "rows with errors 107" in label, f"the bar's label: {label!r}")
        segments = {s.get_attribute("data-count"): s.size["width"] for s in bar.find_elements(By.CSS_SELECTOR, ".segment")}
        check(set(segments) == {"imported", "errors"} and 30 < segments["errors"] / segments["imported"] < 80,
              f"the bar's segments are proportional (2 to 107): {segments}")
        groups = text(driver, "#error-groups")
        check("All errors — 107 rows" in groups, f"all errors: {groups!r}")
        check("Duplicate phone number in the file — 2 rows" in groups, f"the duplicates' group: {groups!r}")
        check(re.search(r"Email: .* — 102 rows", groups), f"the emails' group: {groups!r}")
        check(re.search(r"Country: .* — 3 rows", groups), f"the countries' group: {groups!r}")
        check(groups.index("Email:") < groups.index("Country:") < groups.index("Duplicate"), f"most rows first: {groups!r}")
        check(group_button(driver, "All errors").get_attribute("aria-pressed") == "true", "All errors is on show")
        wait(driver).until(lambda d: len(grid_rows(d)) == 100)
        check(grid_rows(driver)[:8] == [2, 3, 4, 5, 6, 7, 9, 10] and grid_rows(driver)[-1] == 102, f"the first page: {grid_rows(driver)}")
        headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#fix-grid thead th")]
        check(headers == ["Row", "Errors", "First Name", "Phone", "Email", "Country"], f"grid headers: {headers}")
        bad = grid_cell(driver, 2, 2)
        check(bad.get_attribute("aria-invalid") == "true" and "Email:" in bad.get_attribute("title"), "the bad email is marked, with its message")
        check("Email:" in bad.get_attribute("textContent"), "and its message is read out with it")
        check(grid_cell(driver, 2, 0).get_attribute("aria-invalid") is None, "a good cell is not marked")
        check("Duplicate identifier in file, rows 3, 5" in row_state(driver, 3), f"a row-level error in the row's error cell: {row_state(driver, 3)!r}")
        check(grid_cell(driver, 3, 1).get_attribute("aria-invalid") is None, "a row-level error marks no cell")
        check("Country:" in grid_cell(driver, 4, 3).get_attribute("title"), "the country name is marked")
        check("Fix many rows at once" in text(driver, "#fix-rows"), "bulk fixes offered")
        check(driver.find_element(By.ID, "prefix-apply").is_displayed(), "Add country code is offered: Phone is mapped")
        check(driver.find_element(By.ID, "grid-load-more").is_displayed(), "Load more is offered")
        check_labels(driver, "fix rows")
        driver.execute_script("document.getElementById('review-heading').scrollIntoView()")
        shot(driver, "fix-rows-review")
        driver.execute_script("document.getElementById('fix-heading').scrollIntoView()")
        shot(driver, "fix-rows-grid")
        more = driver.find_element(By.ID, "grid-load-more")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", more)
        more.click()
        wait(driver).until(lambda d: len(grid_rows(d)) == 107)
        check(grid_rows(driver)[-7:] == list(range(103, 110)), f"the second page: {grid_rows(driver)[-7:]}")
        check(gone(driver, "#grid-load-more"), "nothing more to load")
        check("107 rows shown." in text(driver, "#grid-shown"), f"rows shown: {text(driver, '#grid-shown')!r}")

        # --- Phone-sized: the page fits, the grid scrolls inside its box, every control is labelled and reachable.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        time.sleep(0.3)
        check_fits(driver, "fix rows at 390", 390)
        check_labels(driver, "fix rows at 390")
        wrap = driver.execute_script("const w = document.querySelector('.grid-wrap'); return [w.scrollWidth, w.clientWidth, w.getBoundingClientRect().right]")
        check(wrap[0] > wrap[1] and wrap[2] <= 390, f"the grid scrolls inside its box at 390px: {wrap}")
        for control in ["skip-errors", "replace-apply", "prefix-apply", "start-import"]:
            right = driver.execute_script(f"return document.getElementById('{control}').getBoundingClientRect().right")
            check(right <= 390, f"{control} is within the screen: {right}")
        driver.execute_script("document.getElementById('review-bar').scrollIntoView({block: 'start'})")
        shot(driver, "fix-rows-phone-glance")
        driver.execute_script("document.querySelector('.grid-wrap').scrollIntoView({block: 'start'})")
        shot(driver, "fix-rows-phone-grid")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.3)

        # --- A group filters the grid; one of two duplicates corrected with the keyboard (Enter, text, Enter): both
        # rows leave the errors, and the counts, the bar, the groups and the expiry note follow.
        expiry_before = text(driver, "#review-expiry")
        group_button(driver, "Duplicate").click()
        wait(driver).until(lambda d: grid_rows(d) == [3, 5])
        check(group_button(driver, "Duplicate").get_attribute("aria-pressed") == "true", "the group is on show")
        check(group_button(driver, "All errors").get_attribute("aria-pressed") == "false", "All errors is not")
        shot(driver, "fix-rows-filtered")
        edit_cell(driver, 5, 1, "+60197300005")
        wait(driver).until(lambda d: count_of(d, "errors") == 105)
        check(count_of(driver, "imported") == 4, f"imported after the correction: {count_of(driver, 'imported')}")
        wait(driver).until(lambda d: row_state(d, 5) == "Fixed — will be imported")
        check(row_state(driver, 3) == "No longer in error — will be imported", f"its duplicate leaves the errors too: {row_state(driver, 3)!r}")
        check(grid_rows(driver) == [3, 5], "the fixed rows stay in the grid")
        fixed = grid_cell(driver, 5, 1)
        check(fixed.find_element(By.CSS_SELECTOR, ".value").text == "+60197300005" and "corrected" in fixed.get_attribute("class"),
              f"the corrected cell: {fixed.get_attribute('textContent')!r} {fixed.get_attribute('class')}")
        check(driver.switch_to.active_element == fixed, "the focus stays on the saved cell")
        check("Row 5: Fixed — will be imported. 1 other row decided again." in text(driver, "#grid-status"),
              f"the grid says what changed: {text(driver, '#grid-status')!r}")
        check("Duplicate phone number in the file — 0 rows" in text(driver, "#error-groups"), f"the group on show is emptied: {text(driver, '#error-groups')!r}")
        check("All errors — 105 rows" in text(driver, "#error-groups"), f"all errors: {text(driver, '#error-groups')!r}")
        check("rows with errors 105" in driver.find_element(By.ID, "review-bar").get_attribute("aria-label"), "the bar follows")
        check("Each correction restarts the hour" in text(driver, "#review-expiry"), f"the expiry note: {text(driver, '#review-expiry')!r} (was {expiry_before!r})")
        status, record = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(record["summary"]["errors"] == 105 and record["correctedRows"] == 1, f"the server agrees: {record['summary']}, {record.get('correctedRows')}")
        shot(driver, "fix-rows-edited")

        # Escape cancels an edit (a double-click opens it).
        ActionChains(driver).double_click(grid_cell(driver, 3, 2)).perform()
        visible(driver, "#fix-grid tr[data-row='3'] input.cell-input")
        ActionChains(driver).send_keys("nothing saved").send_keys(Keys.ESCAPE).perform()
        wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#fix-grid input.cell-input"))
        check(grid_cell(driver, 3, 2).find_element(By.CSS_SELECTOR, ".value").text == "cat@fix-rows.test", "Escape keeps the old text")
        check(driver.switch_to.active_element == grid_cell(driver, 3, 2), "and the focus on the cell")
        check(count_of(driver, "errors") == 105, "and saves nothing")

        # --- All errors again; a bad email corrected, Tab saves and moves to the next cell; the arrow keys move.
        group_button(driver, "All errors").click()
        wait(driver).until(lambda d: grid_rows(d)[:5] == [2, 4, 6, 7, 9])
        check("Duplicate phone number" not in text(driver, "#error-groups"), f"the duplicates' group is gone: {text(driver, '#error-groups')!r}")
        edit_cell(driver, 2, 2, "bob@fix-rows.test", Keys.TAB)
        wait(driver).until(lambda d: count_of(d, "errors") == 104)
        wait(driver).until(lambda d: row_state(d, 2) == "Fixed — will be imported")
        check(driver.switch_to.active_element == grid_cell(driver, 2, 3), "Tab moved to the next cell")
        ActionChains(driver).send_keys(Keys.ARROW_LEFT).send_keys(Keys.ARROW_DOWN).perform()
        check(driver.switch_to.active_element == grid_cell(driver, 4, 2), "the arrow keys move between cells")
        check(re.search(r"Email: .* — 101 rows", text(driver, "#error-groups")), f"the group's count: {text(driver, '#error-groups')!r}")

        # --- Bulk fixes: a bad country code refused with the server's message; Replace; Add country code.
        driver.find_element(By.ID, "country-code").send_keys("sixty")
        driver.find_element(By.ID, "prefix-apply").click()
        refused = visible(driver, "#bulk-status .message.error")
        check("is not a country calling code" in refused.text, f"the server's refusal: {refused.text!r}")
        check(count_of(driver, "errors") == 104, "nothing changed")
        Select(driver.find_element(By.ID, "replace-column")).select_by_visible_text("Country")
        driver.find_element(By.ID, "replace-from").send_keys("Malaysia")
        driver.find_element(By.ID, "replace-to").send_keys("MY")
        driver.find_element(By.ID, "replace-apply").click()
        wait(driver).until(lambda d: "2 rows changed: “Malaysia” is now “MY” in “Country”." in text(d, "#bulk-status"))
        wait(driver).until(lambda d: count_of(d, "errors") == 102)
        wait(driver).until(lambda d: grid_rows(d)[:3] == [7, 9, 10] and len(grid_rows(d)) == 100)
        check(re.search(r"Country: .* — 1 row\b", text(driver, "#error-groups")), f"one country left: {text(driver, '#error-groups')!r}")
        code = driver.find_element(By.ID, "country-code")
        code.clear()
        code.send_keys("+60")
        driver.find_element(By.ID, "prefix-apply").click()
        wait(driver).until(lambda d: "2 rows changed: +60 added in front of the numbers in “Phone”." in text(d, "#bulk-status"))
        check(count_of(driver, "errors") == 102, "the numbers were fine already; still 102 errors")
        driver.execute_script("document.getElementById('bulk-status').scrollIntoView({block: 'center'})")
        shot(driver, "fix-rows-bulk")

        # --- One row skipped with its own Skip, then taken back.
        driver.find_element(By.CSS_SELECTOR, "#fix-grid tr[data-row='9'] .row-skip").click()
        wait(driver).until(lambda d: count_of(d, "errors") == 101 and count_of(d, "skipped") == 1)
        check(row_state(driver, 9) == "Skipped — will not be imported", f"the skipped row: {row_state(driver, 9)!r}")
        undo = driver.find_element(By.CSS_SELECTOR, "#fix-grid tr[data-row='9'] .row-skip")
        check(undo.text == "Undo skip" and driver.switch_to.active_element == undo, "Undo skip offered, focused")
        undo.click()
        wait(driver).until(lambda d: count_of(d, "errors") == 102 and count_of(d, "skipped") == 0)
        check("Country:" in row_state(driver, 9), f"the row is in error again: {row_state(driver, 9)!r}")

        # --- Skip all rows still in error, confirmed: no error left.
        driver.find_element(By.ID, "skip-errors").click()
        dialog = visible(driver, "#confirm-dialog")
        check("Skip the 102 rows still in error?" in dialog.text, f"the question: {dialog.text!r}")
        shot(driver, "fix-rows-skip-confirm")
        confirm(driver)
        wait(driver).until(lambda d: "102 rows changed: skipped." in text(d, "#bulk-status"))
        wait(driver).until(lambda d: count_of(d, "errors") == 0)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 7, "updated": 0, "skipped": 102, "errors": 0}, f"counts after the fixes: {counts}")
        check("No errors found. Click IMPORT to proceed." in text(driver, "#review-outcome"), "the no-error state shows")
        check(gone(driver, "#download-error-file"), "no error file any more")
        check(gone(driver, "#skip-errors"), "nothing left to skip")
        check(gone(driver, "#error-groups") and "No rows in error left" in text(driver, "#error-groups-note"), "no group left")
        check("No rows in error left." in text(driver, "#fix-grid tbody"), f"the grid: {text(driver, '#fix-grid tbody')!r}")
        driver.execute_script("document.getElementById('review-heading').scrollIntoView()")
        shot(driver, "fix-rows-no-errors")

        # --- IMPORT: the corrected rows are imported, the skipped ones not.
        driver.find_element(By.ID, "start-import").click()
        visible(driver, "#started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        done = visible(driver, "#job-done", 60)
        check("7 added" in done.text and "102 skipped" in done.text and "0 with errors" in done.text, f"completion summary: {done.text}")
        check(gone(driver, "#fix-rows") and gone(driver, "#errors-glance"), "the fixing is over once the import started")
        shot(driver, "fix-rows-imported")
        status, job = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(status == 200 and job["status"] == "completed", f"import {import_id}: {job}")
        request = urllib.request.Request(f"{BASE}{ws}/imports/{import_id}/results-file", headers={"Authorization": f"Bearer {OWNER_TOKEN}"})
        with urllib.request.urlopen(request) as response:
            results = list(csv.reader(io.StringIO(response.read().decode("utf-8-sig"))))
        check(results[0][:4] == ["First Name", "Phone", "Email", "Country"], f"results header: {results[0]}")
        by_name = {r[0]: r for r in results[1:]}
        expected = {
            "Bob": ["+60197300002", "bob@fix-rows.test", "MY", "Imported"],
            "Cat": ["+60197300003", "cat@fix-rows.test", "MY", "Imported"],
            "Dan": ["+60197300004", "dan@fix-rows.test", "MY", "Imported"],
            "Eve": ["+60197300005", "eve@fix-rows.test", "MY", "Imported"],
            "Fay": ["+60197300006", "fay@fix-rows.test", "MY", "Imported"],
            "Hal": ["+60197300008", "hal@fix-rows.test", "MY", "Imported"],
            "Gus": ["+60197300007", "gus-at-fix-rows", "MY", "Skipped"],
            "Ivy": ["+60197300009", "ivy@fix-rows.test", "Singapore", "Skipped"],
            "Row10": ["+60197310010", "row10-at-fix-rows", "MY", "Skipped"],
        }
        for name, values in expected.items():
            check(by_name[name][1:5] == values, f"{name} in the results file: {by_name[name]}, expected {values}")
        status, found = api_call("GET", f"{ws}/contacts?search=bob%40fix-rows.test", OWNER_TOKEN)
        check(status == 200 and len(found["contacts"]) == 1 and "+60197300002" in json.dumps(found), f"Bob is a contact with the corrected email: {found}")
        status, found = api_call("GET", f"{ws}/contacts?search=%2B60197300005", OWNER_TOKEN)
        check(status == 200 and [c for c in found["contacts"] if "eve@fix-rows.test" in json.dumps(c)], f"Eve has her corrected phone: {found}")
        status, found = api_call("GET", f"{ws}/contacts?search=gus", OWNER_TOKEN)
        check(status == 200 and not [c for c in found["contacts"] if "fix-rows" in json.dumps(c)], f"the skipped row is not imported: {found}")

        # --- What an update will overwrite, said above IMPORT: Bob's email replaced, Cat's cleared, and both lose the
        # import tag the Tags column leaves out; Dan's bad email is an Error until it is corrected in the grid.
        update_path = os.path.join(folder, "fix-rows-update.csv")
        with open(update_path, "w", encoding="utf-8") as f:
            f.write("First Name,Phone,Email,Country,Tags\n"
                    "Bob,+60197300002,bob@new.fix-rows.test,MY,vip\n"
                    "Cat,+60197300003,,MY,\n"
                    "Dan,+60197300004,dan-at-fix-rows,MY,vip\n")
        driver.get(BASE + "/#/contacts")
        visible(driver, "#contacts-results")
        driver.get(BASE + "/#/import")
        visible(driver, "#dropzone")
        wizard_upload(driver, update_path)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-updateExisting']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        for index, key in enumerate(["firstName", "phone", "email", "country", "tags"]):
            if not driver.find_element(By.ID, f"map-include-{index}").is_selected():
                driver.find_element(By.ID, f"map-include-{index}").click()
            if mapped_field(driver, index) != key:
                Select(driver.find_element(By.ID, f"map-field-{index}")).select_by_value(key)
            if driver.find_element(By.ID, f"map-dno-{index}").is_selected():
                driver.find_element(By.ID, f"map-dno-{index}").click()
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(counts == {"imported": 0, "updated": 2, "skipped": 0, "errors": 1}, f"update review counts: {counts}")
        notice = visible(driver, "#overwrite-notice")
        check(notice.text == "This import will overwrite: 1 contact will have a value replaced, 1 a value cleared, 2 will lose tags.",
              f"the overwrite notice: {notice.text!r}")
        check(driver.execute_script("return !!(document.getElementById('review-overwrites').compareDocumentPosition("
                                    "document.getElementById('start-import')) & Node.DOCUMENT_POSITION_FOLLOWING)"),
              "the overwrite notice comes before IMPORT")
        driver.execute_script("document.getElementById('review-overwrites').scrollIntoView({block: 'center'})")
        shot(driver, "overwrite-notice")
        edit_cell(driver, 3, 2, "dan@new.fix-rows.test")
        wait(driver).until(lambda d: count_of(d, "errors") == 0)
        wait(driver).until(lambda d: text(d, "#overwrite-notice").startswith("This import will overwrite: 2"))
        check(text(driver, "#overwrite-notice") == "This import will overwrite: 2 contacts will have a value replaced, 1 a value cleared, 3 will lose tags.",
              f"the overwrite notice after the correction: {text(driver, '#overwrite-notice')!r}")
        driver.execute_script("document.getElementById('review-overwrites').scrollIntoView({block: 'center'})")
        shot(driver, "overwrite-notice-corrected")
        check(cancel_open_imports() == ["fix-rows-update.csv"], "the update import is left unstarted")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-fix-rows")
        raise
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)

def undo_flow():
    """Undo an import (SPEC §12) from the Import History: contacts stored through the API, then an import through the API
    that updates two of them and adds three; after it one updated contact is edited and one added contact deleted. The
    row's Undo opens a dialog that counts first (2 to delete, 1 to restore, 2 to keep); Cancel starts nothing; Undo
    import starts it, the row follows it (Undoing…) to Undone with what it did and its undo file, which lists every
    contact's action; the contacts are as before the import but the two kept. On a phone the notification centre shows
    the undo's notification, which links to the row, and the history is one block per import. The import's own link
    offers the undo file. An agent is shown no Import History, so no Undo."""
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    ids = {}
    for name, phone in [("Ann", "+60129990001"), ("Ben", "+60129990002")]:
        status, contact = api_call("POST", f"{ws}/contacts", OWNER_TOKEN, {"firstName": name, "phone": phone})
        check(status == 201, f"contact {name} answered {status}: {contact}")
        ids[name] = contact["id"]
    rows = [("Annabel", "+60129990001"), ("Benedict", "+60129990002"), ("Cal", "+60129990003"), ("Dee", "+60129990004"),
            ("Eve", "+60129990005")]
    import_id = run_import("undo-me.csv", "First Name,Phone Number\n" + "".join(f"{n},{p}\n" for n, p in rows), tags=("undo-test",))
    for name, phone in rows[2:]:
        status, found = api_call("GET", f"{ws}/contacts?search={urllib.parse.quote(phone)}", OWNER_TOKEN)
        check(status == 200 and len(found["contacts"]) == 1, f"{name} was added: {found}")
        ids[name] = found["contacts"][0]["id"]
    status, edited = api_call("PATCH", f"{ws}/contacts/{ids['Ben']}", OWNER_TOKEN, {"lastName": "Edited"})
    check(status == 200, f"the edit of Ben answered {status}: {edited}")
    status, answer = api_call("DELETE", f"{ws}/contacts/{ids['Eve']}", OWNER_TOKEN)
    check(status in (200, 204), f"the deletion of Eve answered {status}: {answer}")

    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(f"{BASE}/#/settings/data-import/{import_id}")
        row_css = f"#history-table tr[data-import-id='{import_id}']"
        row = visible(driver, row_css + ".highlight")
        check(row.find_elements(By.TAG_NAME, "td")[7].text == "Completed", f"the row before the undo: {row.text}")

        # --- Undo import: the dialog counts first (nothing changes), and Cancel starts nothing.
        row.find_element(By.CSS_SELECTOR, "button.undo-import").click()
        dialog = visible(driver, "#undo-dialog")
        check(dialog.find_element(By.TAG_NAME, "h2").text == "Undo import of undo-me.csv?", f"dialog heading: {dialog.text}")
        counts_box = visible(driver, "#undo-counts", 30)
        counts = {li.get_attribute("data-count"): int(li.get_attribute("data-value"))
                  for li in counts_box.find_elements(By.CSS_SELECTOR, "li[data-count]")}
        check(counts == {"deleted": 2, "restored": 1, "kept": 2}, f"dry count: {counts}")
        lines = counts_box.text.split("\n")
        check(lines == ["2 contacts it added will be deleted.",
                        "1 contact it updated will get back its values and tags from before the import.",
                        "2 contacts will be kept as they are and listed in the undo file: 1 changed since the import, 1 already deleted."],
              f"dry count in words: {lines}")
        confirm_button = driver.find_element(By.ID, "undo-confirm")
        check(confirm_button.text == "Undo import" and confirm_button.is_enabled(), "Undo import offered once counted")
        check("danger" in confirm_button.get_attribute("class"), "Undo import is a danger button")
        check(driver.switch_to.active_element.get_attribute("id") == "undo-cancel", "the focus starts on Cancel")
        status, job = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(job["status"] == "completed", f"the count changes nothing: {job['status']}")
        shot(driver, "undo-confirm")
        driver.find_element(By.ID, "undo-cancel").click()
        wait(driver).until(lambda d: gone(d, "#undo-dialog"))
        status, job = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(job["status"] == "completed", f"Cancel starts no undo: {job['status']}")

        # --- Confirmed: the row says Undoing… (a small file may be undone at once), then Undone.
        visible(driver, row_css + " button.undo-import").click()
        visible(driver, "#undo-counts", 30)
        driver.find_element(By.ID, "undo-confirm").click()
        wait(driver, 30).until(lambda d: gone(d, "#undo-dialog"))
        status_css = row_css + " .status"
        wait(driver).until(lambda d: re.match(r"^(Undoing… \d+%|Undoing…|Undone)$", d.find_element(By.CSS_SELECTOR, status_css).text))
        shown = text(driver, status_css)
        check(gone(driver, row_css + " button.undo-import"), "no Undo import once the undo started")
        shot(driver, "undo-progress")
        print(f"      the row said {shown!r} after the confirmation")
        wait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, status_css).text == "Undone")
        row = driver.find_element(By.CSS_SELECTOR, row_css)
        check(text(driver, row_css + " .undo-summary") == "2 deleted, 1 restored, 2 kept", f"undo summary: {row.text}")
        link = driver.find_element(By.CSS_SELECTOR, row_css + " a.undo-file-link")
        href = link.get_attribute("href")
        check(href == f"{BASE}/api/v1/workspaces/{WORKSPACE}/imports/{import_id}/undo-file", f"undo file link: {href}")
        label = link.get_attribute("textContent")
        check(link.get_attribute("download") is not None and label == "Undo file of undo-me.csv", f"undo file link: {label!r}")
        check(row.find_element(By.CSS_SELECTOR, "button.import-again").is_displayed(), "an undone import can be imported again")
        status, job = api_call("GET", f"{ws}/imports/{import_id}", OWNER_TOKEN)
        check(job["status"] == "undone" and job["undoSummary"] == {"deleted": 2, "restored": 1, "kept": 2}, f"the import: {job}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        shot(driver, "undo-undone")

        # --- The undo file, fetched as the link would (with the session): every contact's action.
        answer = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], { credentials: 'same-origin' })
              .then(async (r) => done([r.status, r.headers.get('content-type') || '', await r.text()]))
              .catch((e) => done([0, '', String(e)]));""", href)
        check(answer[0] == 200 and "text/csv" in answer[1], f"undo file answered {answer[0]} {answer[1]}: {answer[2][:200]}")
        undo_rows = list(csv.reader(io.StringIO(answer[2].lstrip("\ufeff"))))
        check(undo_rows[0] == ["Row", "Contact ID", "Action"], f"undo file header: {undo_rows[0]}")
        # One line per row of the file that wrote a contact (1 = the first row under the header).
        expected = [["1", str(ids["Ann"]), "Restored"], ["2", str(ids["Ben"]), "Kept: changed after the import"],
                    ["3", str(ids["Cal"]), "Deleted"], ["4", str(ids["Dee"]), "Deleted"], ["5", str(ids["Eve"]), "Kept: already deleted"]]
        check(sorted(undo_rows[1:], key=lambda r: int(r[0])) == expected, f"undo file rows: {undo_rows[1:]}, expected {expected}")
        status, ann = api_call("GET", f"{ws}/contacts/{ids['Ann']}", OWNER_TOKEN)
        check(status == 200 and ann["firstName"] == "Ann" and "undo-test" not in ann["tags"], f"Ann restored: {ann}")
        status, ben = api_call("GET", f"{ws}/contacts/{ids['Ben']}", OWNER_TOKEN)
        check(status == 200 and ben["firstName"] == "Benedict" and ben["lastName"] == "Edited", f"Ben kept: {ben}")
        for name in ["Cal", "Dee"]:
            status, _ = api_call("GET", f"{ws}/contacts/{ids[name]}", OWNER_TOKEN)
            check(status == 404, f"{name} deleted: {status}")

        # --- The notification centre (on a phone): the undo's notification links to the row; the page fits.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.get(BASE + "/#/contacts")
        visible(driver, "#contacts-results")
        driver.find_element(By.ID, "bell").click()
        # Opening the centre draws the list anew: read it and click in it with retries (ignoring stale elements).
        wait(driver).until(lambda d: not d.find_element(By.ID, "bell-count").is_displayed())
        undo_item = "#notification-list li.notification[data-kind*='undo']"
        said = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, undo_item).text)
        check("undo-me.csv" in said, f"undo notification: {said}")
        check_fits(driver, "notification centre on a phone", 390)
        left = driver.execute_script("return document.getElementById('notifications').getBoundingClientRect().left")
        check(left >= 0, f"the notifications are on screen (left edge {left})")
        shot(driver, "undo-notification-mobile")
        wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, undo_item + " a.notification-link").click() or True)
        row = visible(driver, row_css + ".highlight")
        check(text(driver, status_css) == "Undone", f"the notification's row: {row.text}")
        check_fits(driver, "history on a phone", 390)
        for control in [status_css, row_css + " a.undo-file-link", row_css + " button.import-again"]:
            right = driver.execute_script(f"return document.querySelector(\"{control}\").getBoundingClientRect().right")
            check(0 < right <= 390, f"{control} is on screen (right edge {right})")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", row)
        shot(driver, "undo-history-mobile")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

        # --- The import's own link (the emails' link) offers the undo file.
        driver.get(f"{BASE}/#/workspaces/{WORKSPACE}/imports/{import_id}")
        offer = visible(driver, "#import-offer")
        wait(driver).until(lambda d: "Import of “undo-me.csv” undone" in d.find_element(By.ID, "import-offer").text)
        check("2 deleted, 1 restored, 2 kept" in offer.text, f"the offer: {offer.text}")
        check(driver.find_element(By.ID, "offer-undo-file").get_attribute("href") == href, "the offer's undo file link")

        # --- An agent: no Import History, so no Undo.
        sign_out(driver)
        fill_sign_in(driver, AGENT, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(f"{BASE}/#/settings/data-import/{import_id}")
        wait(driver).until(lambda d: "Not available" in d.find_element(By.ID, "main").text)
        check(gone(driver, "#history-table") and gone(driver, "button.undo-import"), "no Undo import for an agent")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-undo")
        raise
    finally:
        driver.quit()


def merge_group(driver, key):
    """The group of key on Merge Suggestions (on show), clicking Load more until it shows: a page holds the groups of a
    bounded slice of the index, so a group may come a few pages on."""
    css = f"section.merge-group[data-key='{key}']"
    for _ in range(200):
        wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, css)
                               or d.find_elements(By.CSS_SELECTOR, "#merge-more, #merge-end, #no-duplicates"))
        found = driver.find_elements(By.CSS_SELECTOR, css)
        if found:
            return found[0]
        more = driver.find_elements(By.ID, "merge-more")
        check(more, f"no group {key} among the suggestions: {text(driver, '#main')[-1500:]}")
        more[0].click()
    raise AssertionError(f"no group {key} after 200 pages of suggestions")


def merge_export_flow():
    """Merge Suggestions, Contact Activity and Export (SPEC §14). Contacts stored through the API: two with one phone
    (different last names and tags, a custom value on the second only) and two whose emails differ only in case; an
    import adds one more. Contacts › Merge Suggestions shows the phone's group side by side; the person takes the second
    contact's Last Name, the confirmation says what will happen, and after the merge the group is gone and the kept
    contact has the chosen value, the other's custom value and both contacts' tags, the other one gone. By email, the
    second contact is kept instead. The kept contact's details show a Merged entry in its Activity; the imported one's
    links to its import. Export on Contacts saves the searched contacts (then searched and tagged) with the header of
    SPEC §14. An agent sees neither Export nor Merge Suggestions, but does see the Activity."""
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    status, field = api_call("POST", f"{ws}/contact-fields", OWNER_TOKEN, {"name": "Merge Note", "fieldId": "merge_note", "type": "text"})
    check(status == 201, f"the Merge Note field answered {status}: {field}")
    phone = "+10000000771"
    ids = {}
    for key, body in [
            ("mira", {"firstName": "Mira", "lastName": "Tan", "phone": phone, "email": "mira.tan@merge.test", "tags": ["merge-a", "merge-shared"]}),
            ("mira2", {"firstName": "Mira", "lastName": "Tan-Wong", "phone": phone, "tags": ["merge-b", "merge-shared"],
                       "custom": {"merge_note": "Met at the fair"}}),
            ("lena", {"firstName": "Lena", "email": "AAA.Lena.Merge@merge.test", "tags": ["merge-email"]}),
            ("lena2", {"firstName": "Lena", "lastName": "Merge", "email": "aaa.lena.merge@merge.test"})]:
        status, contact = api_call("POST", f"{ws}/contacts", OWNER_TOKEN, body)
        check(status == 201, f"contact {key} answered {status}: {contact}")
        ids[key] = contact["id"]
    mira, mira2, lena, lena2 = ids["mira"], ids["mira2"], ids["lena"], ids["lena2"]
    import_id = run_import("merge-activity.csv", "First Name,Phone Number\nIka,+10000000772\n", tags=("merge-import",))
    status, found = api_call("GET", f"{ws}/contacts?search=%2B10000000772", OWNER_TOKEN)
    check(status == 200 and len(found["contacts"]) == 1, f"Ika was added: {found}")
    ika = found["contacts"][0]["id"]

    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        check(driver.find_element(By.ID, "export-contacts").is_displayed(), "Export on Contacts for an owner")

        # --- Merge Suggestions by phone: the two contacts side by side, the first one kept by default.
        driver.find_element(By.ID, "nav-merge-suggestions").click()
        check(visible(driver, "#merge-by-phone").is_selected(), "by phone at first")
        group = merge_group(driver, phone)
        columns = [int(th.get_attribute("data-contact-id")) for th in group.find_elements(By.CSS_SELECTOR, "th.contact-col")]
        check(columns == [mira, mira2], f"the group's columns: {columns}, expected {[mira, mira2]}")
        check(group.find_element(By.CSS_SELECTOR, f"input.keep-choice[value='{mira}']").is_selected(), "the first contact kept by default")
        row = lambda field: group.find_element(By.CSS_SELECTOR, f"tr[data-field='{field}']")
        check(not row("firstName").find_elements(By.CSS_SELECTOR, "input"), "no choice where the values are the same")
        last_name = row("lastName").find_elements(By.CSS_SELECTOR, "input.take-choice")
        check([r.get_attribute("value") for r in last_name] == [str(mira), str(mira2)], "Last Name offers both values")
        check(last_name[0].is_selected(), "Last Name defaults to the kept contact's own")
        check(row("custom.merge_note").find_element(By.TAG_NAME, "th").text == "Merge Note", "the custom field by its name")
        check(row("custom.merge_note").find_element(By.CSS_SELECTOR, "td.result").text == f"Met at the fair (from #{mira2})",
              f"a value only the other has is taken: {row('custom.merge_note').text}")
        tags = set(row("tags").find_element(By.CSS_SELECTOR, "td.result").text.split())
        check(tags == {"merge-a", "merge-b", "merge-shared"}, f"tags after the merge: {tags}")
        check_labels(driver, "merge suggestions")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", group)
        shot(driver, "merge-suggestions", 100)

        # --- Take the other contact's Last Name; the confirmation says what will happen.
        row("lastName").find_element(By.CSS_SELECTOR, f"td[data-contact-id='{mira2}'] label.take").click()
        check(last_name[1].is_selected(), "Last Name taken from the other contact")
        check(row("lastName").find_element(By.CSS_SELECTOR, "td.result").text == f"Tan-Wong (from #{mira2})", "the result shows it")
        group.find_element(By.CSS_SELECTOR, "button.merge-button").click()
        dialog = visible(driver, "#confirm-dialog")
        said = dialog.find_element(By.TAG_NAME, "p").text
        expected = (f"Keep #{mira} Mira Tan, delete #{mira2} Mira Tan-Wong; tags combined. "
                    f"#{mira} takes Last Name from #{mira2}, Merge Note from #{mira2}. This cannot be undone.")
        check(said == expected, f"confirmation: {said!r}, expected {expected!r}")
        shot(driver, "merge-confirm", 101)
        driver.find_element(By.ID, "confirm-ok").click()
        done = visible(driver, "#merge-done", 30)
        check(f"kept #{mira} Mira Tan-Wong" in done.text and f"deleted #{mira2}" in done.text, f"after the merge: {done.text}")
        check(not driver.find_elements(By.CSS_SELECTOR, f"section.merge-group[data-key='{phone}']"), "the merged group is gone")
        shot(driver, "merge-done", 102)
        status, kept = api_call("GET", f"{ws}/contacts/{mira}", OWNER_TOKEN)
        check(status == 200 and kept["lastName"] == "Tan-Wong" and kept["email"] == "mira.tan@merge.test" and kept["phone"] == phone
              and kept["custom"].get("merge_note") == "Met at the fair", f"the kept contact: {kept}")
        check(set(kept["tags"]) == {"merge-a", "merge-b", "merge-shared"}, f"the kept contact's tags: {kept['tags']}")
        status, _ = api_call("GET", f"{ws}/contacts/{mira2}", OWNER_TOKEN)
        check(status == 404, f"the other contact is gone: {status}")

        # --- By email (ignoring case): keep the second contact this time; the Email row defaults to its own value.
        driver.find_element(By.CSS_SELECTOR, "label[for='merge-by-email']").click()
        group = merge_group(driver, "aaa.lena.merge@merge.test")
        columns = [int(th.get_attribute("data-contact-id")) for th in group.find_elements(By.CSS_SELECTOR, "th.contact-col")]
        check(columns == [lena, lena2], f"the email group's columns: {columns}")
        group.find_element(By.CSS_SELECTOR, f"input.keep-choice[value='{lena2}']").click()
        email = group.find_element(By.CSS_SELECTOR, f"tr[data-field='email'] input.take-choice[value='{lena2}']")
        check(email.is_selected(), "the Email row follows the contact kept")
        check(group.find_element(By.CSS_SELECTOR, f"th[data-contact-id='{lena2}']").get_attribute("class").split().count("kept") == 1,
              "the kept column is marked")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", group)
        shot(driver, "merge-by-email", 103)
        group.find_element(By.CSS_SELECTOR, "button.merge-button").click()
        said = visible(driver, "#confirm-dialog").find_element(By.TAG_NAME, "p").text
        check(said.startswith(f"Keep #{lena2} Lena Merge, delete #{lena} Lena; tags combined."), f"confirmation: {said!r}")
        confirm(driver)
        wait(driver, 30).until(lambda d: f"kept #{lena2}" in d.find_element(By.ID, "merge-done").text)
        status, kept = api_call("GET", f"{ws}/contacts/{lena2}", OWNER_TOKEN)
        check(status == 200 and kept["email"] == "aaa.lena.merge@merge.test" and kept["lastName"] == "Merge"
              and kept["tags"] == ["merge-email"], f"the contact kept by email: {kept}")
        status, _ = api_call("GET", f"{ws}/contacts/{lena}", OWNER_TOKEN)
        check(status == 404, f"the other email contact is gone: {status}")

        # --- Contact Activity: the kept contact was merged (by the owner, from the other one); the imported one links to
        # its import.
        driver.get(f"{BASE}/#/contacts/{mira}")
        merged = visible(driver, "#contact-activity li.activity-entry[data-kind='merged']")
        check(f"#{mira2}" in merged.text and OWNER in merged.text and "Merged" in merged.text, f"merged entry: {merged.text}")
        kinds = [li.get_attribute("data-kind") for li in driver.find_elements(By.CSS_SELECTOR, "#contact-activity li.activity-entry")]
        check(kinds[0] == "merged" and kinds[-1] == "created", f"activity, newest first: {kinds}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", merged)
        shot(driver, "contact-activity", 104)
        driver.get(f"{BASE}/#/contacts/{ika}")
        added = visible(driver, "#contact-activity li.activity-entry[data-kind='import_added']")
        link = added.find_element(By.CSS_SELECTOR, "a.activity-import")
        check(link.get_attribute("href").endswith(f"#/workspaces/{WORKSPACE}/imports/{import_id}"), f"import link: {link.get_attribute('href')}")
        check("Added by an import" in added.text, f"import entry: {added.text}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", added)
        shot(driver, "contact-activity-import", 105)
        link.click()
        wait(driver).until(lambda d: "merge-activity.csv" in d.find_element(By.ID, "import-offer").text)

        # --- Export the searched contacts: the file has SPEC §14's header, then the custom fields by name, and only them.
        status, listed = api_call("GET", f"{ws}/contact-fields", OWNER_TOKEN)
        custom_names = [f["name"] for f in listed["fields"] if not f["standard"]]
        header = ["Contact ID", "First Name", "Last Name", "Phone Number", "Email", "Language", "Country", "Tags"] + custom_names
        driver.get(f"{BASE}/#/contacts")
        search = visible(driver, "#contact-search input[name='search']")
        search.clear()
        search.send_keys("@merge.test" + Keys.ENTER)
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#contacts-table tbody tr")) == 2)
        started = time.time()
        driver.find_element(By.ID, "export-contacts").click()
        wait(driver, 60).until(lambda d: d.find_element(By.ID, "export-status").text.startswith("Exported"))
        said = text(driver, "#export-status")
        check(said.startswith("Exported 2 contacts (the contacts matching “@merge.test”)"), f"export status: {said}")
        rows = read_csv(wait_for_download_since(started, ".csv"))
        check(rows[0] == header, f"export header: {rows[0]}, expected {header}")
        check(sorted(int(r[0]) for r in rows[1:]) == sorted([mira, lena2]), f"exported contacts: {rows[1:]}")
        mira_row = dict(zip(rows[0], next(r for r in rows[1:] if int(r[0]) == mira)))
        check(mira_row["Last Name"] == "Tan-Wong" and mira_row["Phone Number"] == phone and mira_row["Merge Note"] == "Met at the fair"
              and {t.strip() for t in mira_row["Tags"].split(",")} == {"merge-a", "merge-b", "merge-shared"}, f"Mira's exported row: {mira_row}")
        shot(driver, "export-done", 106)
        # A tag typed but not yet searched: the list catches up and the export takes it.
        driver.find_element(By.CSS_SELECTOR, "#contact-search input[name='tag']").send_keys("merge-shared")
        time.sleep(1.1)  # a file saved over the first one has a later time
        started = time.time()
        driver.find_element(By.ID, "export-contacts").click()
        wait(driver, 60).until(lambda d: "tagged “merge-shared”" in d.find_element(By.ID, "export-status").text
                               and d.find_element(By.ID, "export-status").text.startswith("Exported"))
        rows = read_csv(wait_for_download_since(started, ".csv"))
        check(rows[0] == header and [int(r[0]) for r in rows[1:]] == [mira], f"export searched and tagged: {rows}")
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#contacts-table tbody tr")) == 1)

        # --- An agent: no Export, no Merge Suggestions (the route says why); the Activity all the same.
        sign_out(driver)
        fill_sign_in(driver, AGENT, PASSWORD)
        visible(driver, "#contacts-results")
        check(gone(driver, "#export-contacts") and gone(driver, "#nav-merge-suggestions"), "an agent sees no Export and no Merge Suggestions")
        check("undefined" not in text(driver, "#main"), f"the agent's Contacts: {text(driver, '#main')[:300]}")
        shot(driver, "agent-no-export", 107)
        driver.get(f"{BASE}/#/merge-suggestions")
        wait(driver).until(lambda d: "Not available" in d.find_element(By.ID, "main").text)
        check(gone(driver, ".merge-group"), "no suggestions for an agent")
        driver.get(f"{BASE}/#/contacts/{mira}")
        visible(driver, "#contact-activity li.activity-entry[data-kind='merged']")
        driver.get(f"{BASE}/#/contacts/{ika}")
        added = visible(driver, "#contact-activity li.activity-entry[data-kind='import_added']")
        check(not added.find_elements(By.CSS_SELECTOR, "a.activity-import"), "no import link for an agent")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-merge-export", 119)
        raise
    finally:
        driver.quit()


def start_again_flow():
    """Start again a failed import from the Import History. Two imports are uploaded and reviewed through the API, then
    marked failed in BASE's database as a job that met a full disk at its first batch leaves them (a real one is made by
    scripts/disk-full-test): one still kept, one kept no longer. The kept one's row says Failed with the message and
    offers Start again: clicked, the row follows the job to Completed and its contacts are there. The other's Start again
    is refused: the reason is said in its row and the focus goes to its status."""
    ws = f"/api/v1/workspaces/{WORKSPACE}"
    config = {"purpose": "addAll", "mapping": [{"column": 0, "field": "firstName"}, {"column": 1, "field": "phone"}]}
    ids = []
    for name in ("start-again.csv", "kept-no-longer.csv"):
        content = "First Name,Phone Number\n" + "".join(f"Restart {n},+6012888{n:04d}\n" for n in range(1, 4))
        status, upload = api_call("POST", f"{ws}/imports?fileName={name}", OWNER_TOKEN, content.encode(), "text/csv")
        check(status == 201, f"upload answered {status}: {upload}")
        for method, path, body in [("PUT", "config", config), ("POST", "review", None)]:
            status, answer = api_call(method, f"{ws}/imports/{upload['id']}/{path}", OWNER_TOKEN, body)
            check(status == 200, f"{path} answered {status}: {answer}")
        ids.append(upload["id"])
    kept, expired = ids
    message = ("The disk holding the database is full, so the import stopped before any row was imported. Free some "
               "space on that disk, then start the import again.")
    now = int(time.time() * 1000)
    with sqlite3.connect(os.path.join(MAIN_DATA, "contact-import.sqlite"), timeout=10) as db:
        for import_id, until in [(kept, now + 7 * 86_400_000), (expired, now - 1000)]:
            # As the start leaves it (the job's counts from zero), then as the failure does.
            db.execute("UPDATE import SET status = 'failed', startedAt = ?, completedAt = ?, failureMessage = ?, "
                       "resultsAvailableUntil = ?, progressDone = 0, imported = 0, updated = 0, skipped = 0, "
                       "errors = 0 WHERE id = ?", (now, now, message, until, import_id))
    status, job = api_call("GET", f"{ws}/imports/{kept}", OWNER_TOKEN)
    check(job["status"] == "failed" and job["startAgainUntil"], f"the failed import: {job}")

    driver = make_driver(1280, 900)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        driver.get(f"{BASE}/#/settings/data-import/{kept}")
        row_css = f"#history-table tr[data-import-id='{kept}']"
        row = visible(driver, row_css + ".highlight")
        cells = row.find_elements(By.TAG_NAME, "td")
        check(cells[7].text.startswith("Failed") and message in cells[7].text, f"the failed row: {row.text}")
        button = row.find_element(By.CSS_SELECTOR, "button.start-again")
        label = driver.execute_script("return arguments[0].textContent", button)
        check(label == "Start again import of start-again.csv", f"Start again's label: {label!r}")
        shot(driver, "start-again-failed")

        # --- Kept no longer: once the server's retention sweep has run (done here in the database as it does it, so
        # the case does not depend on when the sweep runs), Start again is refused; the history, read again, offers it
        # no more, and the refusal stays said in its row with the focus on its status.
        other_css = f"#history-table tr[data-import-id='{expired}']"
        button = visible(driver, other_css + " button.start-again")
        with sqlite3.connect(os.path.join(MAIN_DATA, "contact-import.sqlite"), timeout=10) as db:
            db.execute("UPDATE import SET resultsAvailableUntil = NULL WHERE id = ?", (expired,))
        button.click()
        said = visible(driver, other_css + " .start-again-problem").text
        check(said.startswith("Not started again: This import can no longer be started again"), f"the refusal: {said}")
        wait(driver).until(lambda d: d.switch_to.active_element.get_attribute("data-focus") == f"status-{expired}")
        check(gone(driver, other_css + " button.start-again"), "no Start again once the import is no longer kept")
        shot(driver, "start-again-refused")

        # --- Started again: the row follows the job to Completed; no Start again any more.
        visible(driver, row_css + " button.start-again").click()
        wait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, row_css).find_elements(By.TAG_NAME, "td")[7]
                               .text == "Completed")
        check(gone(driver, row_css + " button.start-again"), "no Start again once completed")
        check(gone(driver, row_css + " .start-again-problem"), "no refusal in the started row")
        status, job = api_call("GET", f"{ws}/imports/{kept}", OWNER_TOKEN)
        check(job["status"] == "completed" and job["summary"]["imported"] == 3 and job["message"] is None, f"{job}")
        status, found = api_call("GET", f"{ws}/contacts?search=Restart", OWNER_TOKEN)
        check(len(found["contacts"]) == 3, f"the restarted import's contacts: {found}")
        shot(driver, "start-again-completed")
    except Exception:
        shot(driver, "FAILED-start-again")
        raise
    finally:
        driver.quit()


def main():
    failed = False
    # real_exports_flow first: it starts no import, and before any import has completed in the workspace the mapping
    # comes from the file alone (headers that equal a field's name, suggestions), not from an earlier import's choices.
    # import_again_flow and date_format_flow last: the first needs the desktop flow's completed import, and the second
    # adds a custom date field and completes an import whose choices later uploads would remember. The phone flows run
    # in a workspace of their own, in order: contacts stored as given then E.164 chosen, their rewrite, an import.
    # corrected_file_flow at the very end: it completes an import of its own in BASE's workspace (its custom Company
    # field comes from the desktop flow), whose choices no later flow would want to meet; then fix_rows_flow, which
    # completes one more (its rows corrected in the browser), with phones and emails of its own; then undo_flow, which
    # completes and undoes an import of its own (its contacts have phones of their own); merge_export_flow last of all:
    # it adds a custom field, merges contacts of its own and completes one more import, and its export's header names
    # every custom field the earlier flows made.
    for flow in (real_exports_flow, desktop_flow, mobile_flow, session_expired_flow, forgot_password_flow,
                 first_run_setup_flow, members_flow, password_change_flow, password_reset_flow, tokens_flow,
                 email_link_flow, workspace_settings_flow, import_again_flow, date_format_flow,
                 phone_setting_flow, phone_rewrite_flow, phone_import_flow, corrected_file_flow, fix_rows_flow, undo_flow,
                 start_again_flow, merge_export_flow):
        print(f"== {flow.__name__}")
        try:
            flow()
        except (AssertionError, TimeoutException, Exception):
            traceback.print_exc()
            failed = True
    print(f"{len(steps)} screenshots in {OUT}")
    if failed:
        print("browser tests FAILED")
        sys.exit(1)
    print("browser tests passed")


if __name__ == "__main__":
    main()
